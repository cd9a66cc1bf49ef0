import { expect } from 'chai';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createPresigner, createS3Client, type StorageSettings } from '../../../api/storage/s3.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signingDate = new Date('2026-11-25T12:34:56Z');
const parts = (href: string) => {
  const url = new URL(href);
  return { origin: url.origin, path: url.pathname, query: [...url.searchParams].sort(([a], [b]) => a.localeCompare(b)) };
};

describe('presigned photo URLs', () => {
  const cases: Array<[string, StorageSettings]> = [
    ['an S3-compatible server (path style, with a port)', { endpoint: 'http://127.0.0.1:4569', bucket: 'friender-photos', region: 'us-east-1', ...credentials }],
    ['AWS S3 (virtual-hosted, another region)', { bucket: 'friender-photos-eu', region: 'eu-west-1', ...credentials }],
  ];
  for (const [name, settings] of cases) {
    it(`when signing for ${name}, then each URL is exactly the one the SDK's getSignedUrl makes`, async () => {
      const client = createS3Client(settings);
      const presign = createPresigner(client, settings.bucket);
      for (const key of ['photos/0b4f6a1e-3c7d-4d1e-9a55-2f0c8e7b6d10/9d2e.jpg', "photos/odd key/ü (1)!*'.png"]) {
        const ours = await presign(key, 900, signingDate);
        const sdks = await getSignedUrl(client, new GetObjectCommand({ Bucket: settings.bucket, Key: key }), { expiresIn: 900, signingDate });
        expect(parts(ours), key).to.deep.equal(parts(sdks));
      }
    });
  }

  it('when the expiry differs, then so does the URL, and it says so', async () => {
    const presign = createPresigner(createS3Client(cases[0]![1]), 'friender-photos');
    const url = new URL(await presign('photos/a.jpg', 120, signingDate));
    expect(url.searchParams.get('X-Amz-Expires')).to.equal('120');
    expect(url.searchParams.get('X-Amz-Date')).to.equal('20261125T123456Z');
  });
});
