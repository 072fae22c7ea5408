import { toParams } from './http-params';

describe('toParams', () => {
  it('drops empty values and comma-joins lists', () => {
    expect(
      toParams({
        q: '',
        status: ['open', 'escalated'],
        page: 2,
        overdue: true,
        category: undefined,
        x: null,
        s: [],
      }).toString(),
    ).toBe('status=open,escalated&page=2&overdue=true');
  });
});
