import { AnswerConfirmationDto } from '../modules/confirmations/dto/answer-confirmation.dto';
import { ApiError } from './errors';
import { createValidationPipe } from './validation';

async function refusal(body: unknown): Promise<ApiError> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: AnswerConfirmationDto });
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('the body was taken');
}

describe('createValidationPipe', () => {
  it.each([
    ['a rating sent as text', { accept: true, rating: '4' }],
    ['a rating of null', { accept: true, rating: null }],
    ['a rating of true', { accept: true, rating: true }],
  ])('says a message once per field, however many rules share it: %s', async (_what, body) => {
    const e = await refusal(body);
    expect(e.message).toBe('rating must be a whole number from 1 to 5');
    expect(e.extra).toEqual({
      errors: [{ field: 'rating', message: 'rating must be a whole number from 1 to 5' }],
    });
  });

  it('still names every field that is wrong', async () => {
    const e = await refusal({ rating: 0 });
    expect(e.message).toBe('accept must be true or false; rating must be a whole number from 1 to 5');
  });
});
