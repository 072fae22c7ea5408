import * as sdk from '@aws-sdk/client-s3';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3AttachmentStorage, s3ClientConfig } from './attachment-storage';

/**
 * The S3 storage's mapping onto the SDK (bucket, key, body, content type; a missing key as null), with a
 * recording client in place of the network. Against a real MinIO: `docker compose --profile s3 up`.
 */
describe(S3AttachmentStorage.name, () => {
  const sent: unknown[] = [];
  const objects = new Map<string, Buffer>();
  const client = {
    send: async (cmd: unknown) => {
      sent.push(cmd);
      if (cmd instanceof PutObjectCommand) objects.set(cmd.input.Key as string, cmd.input.Body as Buffer);
      if (cmd instanceof GetObjectCommand) {
        const data = objects.get(cmd.input.Key as string);
        if (!data) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
        return { Body: { transformToByteArray: async () => new Uint8Array(data) } };
      }
      if (cmd instanceof DeleteObjectCommand) objects.delete(cmd.input.Key as string);
      return {};
    },
  };
  const storage = new S3AttachmentStorage(sdk, client as never, 'taizhang');

  it('puts, gets and deletes by key in its bucket', async () => {
    await storage.put('cases/1/a', Buffer.from('hello'), 'text/plain; charset=utf-8');
    expect((sent[0] as PutObjectCommand).input).toEqual({
      Bucket: 'taizhang',
      Key: 'cases/1/a',
      Body: Buffer.from('hello'),
      ContentType: 'text/plain; charset=utf-8',
    });
    expect((await storage.get('cases/1/a'))?.toString()).toBe('hello');
    await storage.delete('cases/1/a');
    expect((sent[2] as DeleteObjectCommand).input).toEqual({ Bucket: 'taizhang', Key: 'cases/1/a' });
    expect(await storage.get('cases/1/a')).toBeNull();
  });

  it('maps the configuration onto the client (MinIO: endpoint and path-style addressing)', () => {
    expect(
      s3ClientConfig({
        endpoint: 'http://minio:9000',
        bucket: 'b',
        region: 'us-east-1',
        accessKeyId: 'k',
        secretAccessKey: 's',
        forcePathStyle: true,
      }),
    ).toEqual({
      region: 'us-east-1',
      endpoint: 'http://minio:9000',
      forcePathStyle: true,
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    });
  });
});
