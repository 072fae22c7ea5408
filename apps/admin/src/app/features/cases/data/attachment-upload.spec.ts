import type { AttachmentDto } from '@taizhang/contracts';
import { firstValueFrom, of, throwError } from 'rxjs';
import { uploadAll } from './attachment-upload';
import { ATTACHMENT_MAX_BYTES, type AttachmentsApi } from './attachments.api';

const file = (name: string, size = 10): File => {
  const f = new File(['x'], name);
  Object.defineProperty(f, 'size', { value: size });
  return f;
};

describe('uploadAll', () => {
  it('sends each file in turn with the event id, keeps going after a failure, and never sends one over 20 MB', async () => {
    const sent: [string, string, string | undefined][] = [];
    const api = {
      upload: (caseId: string, f: File, eventId?: string) => {
        sent.push([caseId, f.name, eventId]);
        return f.name === 'bad.exe'
          ? throwError(() => new Error('415'))
          : of({ id: `id-${f.name}`, fileName: f.name } as AttachmentDto);
      },
    } as unknown as AttachmentsApi;
    const outcomes = await firstValueFrom(
      uploadAll(
        api,
        'case-1',
        [file('a.jpg'), file('bad.exe'), file('big.pdf', ATTACHMENT_MAX_BYTES + 1), file('b.pdf')],
        'ev-1',
      ),
    );
    expect(sent).toEqual([
      ['case-1', 'a.jpg', 'ev-1'],
      ['case-1', 'bad.exe', 'ev-1'],
      ['case-1', 'b.pdf', 'ev-1'],
    ]);
    expect(outcomes.map((o) => [o.file.name, o.ok, o.ok ? null : o.tooLarge])).toEqual([
      ['a.jpg', true, null],
      ['bad.exe', false, false],
      ['big.pdf', false, true],
      ['b.pdf', true, null],
    ]);
  });

  it('answers at once for no files', async () => {
    await expect(firstValueFrom(uploadAll({} as AttachmentsApi, 'c', []))).resolves.toEqual([]);
  });
});
