import { parseDocumentStoreUrl } from './document-store-location';

describe('DOCUMENT_STORE_URL', () => {
  it('reads a local directory', () => {
    expect(parseDocumentStoreUrl('file:///var/lib/tks/documents')).toEqual({
      kind: 'directory',
      root: '/var/lib/tks/documents',
    });
  });

  it('reads a bucket, its prefix and an S3-compatible endpoint (path-style by default there)', () => {
    expect(
      parseDocumentStoreUrl('s3://tks-documents/prod/eu?endpoint=http://127.0.0.1:19580&partSize=16777216'),
    ).toEqual({
      kind: 's3',
      bucket: 'tks-documents',
      prefix: 'prod/eu/',
      endpoint: 'http://127.0.0.1:19580',
      region: 'us-east-1',
      forcePathStyle: true,
      partSize: 16 * 1024 * 1024,
    });
  });

  it('reads AWS itself: no endpoint, virtual-hosted style, the region given', () => {
    expect(parseDocumentStoreUrl('s3://tks-documents?region=eu-central-1')).toMatchObject({
      prefix: '',
      region: 'eu-central-1',
      forcePathStyle: false,
    });
  });

  it.each([
    ['s3://key:secret@bucket', 'credentials do not belong in the URL'],
    ['ftp://host/dir', 'unknown scheme ftp:'],
    ['file:relative/dir', 'absolute path'],
    ['s3://bucket?endpoint=localhost:9000', 'endpoint must be http(s)://host[:port]'],
    ['s3://bucket?partSize=1024', 'partSize must be'],
    ['s3://bucket?acl=public', 'unknown parameter acl'],
    ['s3://B', 'bucket name'],
    ['/var/lib/tks', 'not a URL'],
  ])('refuses %s, saying why', (value, why) => {
    expect(() => parseDocumentStoreUrl(value)).toThrow(why);
  });

  it('never repeats a credential in its refusal', () => {
    expect(() => parseDocumentStoreUrl('s3://key:fixture-secret@bucket')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('fixture-secret') }),
    );
  });
});
