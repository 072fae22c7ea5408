// Types only at load time: the SDK (~0.5 s to load) is required when S3 storage is configured, not by every
// process that imports @taizhang/db.
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { AttachmentStorageConfig } from '@taizhang/config';
import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Where the bytes of attachments (and their thumbnails) live, by key. The metadata stays in `attachments`
 * whatever the storage; `name` is recorded with each row so a later change of storage still finds old files.
 */
export interface AttachmentStorage {
  readonly name: 'db' | 's3';
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when there are none under this key. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

/** The default: table `attachment_blobs` in the application's own PostgreSQL. */
export class PgAttachmentStorage implements AttachmentStorage {
  readonly name = 'db' as const;
  constructor(private readonly db: Queryable) {}

  async put(key: string, data: Buffer): Promise<void> {
    await this.db.query(
      `INSERT INTO attachment_blobs (key, data) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data`,
      [key, data],
    );
  }

  async get(key: string): Promise<Buffer | null> {
    const [row] = await this.db.query<
      {
        data: Buffer;
      }[]
    >(`SELECT data FROM attachment_blobs WHERE key = $1`, [key]);
    return row ? row.data : null;
  }

  async delete(key: string): Promise<void> {
    await this.db.query(`DELETE FROM attachment_blobs WHERE key = $1`, [key]);
  }
}

/** The S3 client's options for a configuration (exported for its unit test). */
export function s3ClientConfig(c: AttachmentStorageConfig['s3']): S3ClientConfig {
  return {
    region: c.region,
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    forcePathStyle: c.forcePathStyle,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
  };
}

/** An S3-compatible bucket (AWS S3, MinIO, …), for deployments whose files outgrow the database. */
type S3Sdk = typeof import('@aws-sdk/client-s3');

export class S3AttachmentStorage implements AttachmentStorage {
  readonly name = 's3' as const;
  constructor(
    private readonly sdk: Pick<S3Sdk, 'PutObjectCommand' | 'GetObjectCommand' | 'DeleteObjectCommand'>,
    private readonly client: Pick<S3Client, 'send'>,
    private readonly bucket: string,
  ) {}

  static async fromConfig(c: AttachmentStorageConfig['s3']): Promise<S3AttachmentStorage> {
    const sdk = await import('@aws-sdk/client-s3');
    return new S3AttachmentStorage(sdk, new sdk.S3Client(s3ClientConfig(c)), c.bucket);
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new this.sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: data, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) return null;
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (e) {
      if ((e as { name?: string }).name === 'NoSuchKey') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new this.sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/** The storage the configuration names. */
export async function attachmentStorageFor(
  c: AttachmentStorageConfig,
  db: Queryable,
): Promise<AttachmentStorage> {
  return c.storage === 's3' ? S3AttachmentStorage.fromConfig(c.s3) : new PgAttachmentStorage(db);
}
