import {
  bucketRefOf,
  formatInventoryRef,
  parseInventoryRef,
} from './inventory';

describe('inventory refs', () => {
  it('round-trip an account and a bucket name', () => {
    const ref = formatInventoryRef('444455556666', 'securecart-vendor-handoff');
    expect(ref).toBe('aws:444455556666/securecart-vendor-handoff');
    expect(parseInventoryRef(ref)).toEqual({
      accountId: '444455556666',
      bucket: 'securecart-vendor-handoff',
    });
  });

  it('parse nothing but aws:<12-digit account>/<valid bucket name>', () => {
    for (const ref of [
      'resource:default/users-bucket',
      'aws:12345/bucket-name',
      'aws:4444555566667/bucket-name',
      'aws:444455556666/',
      'aws:444455556666/Not_A_Bucket',
      'aws:444455556666/a/b',
      'aws:444455556666/ab',
      'aws:444455556666/192.168.0.1',
      `aws:444455556666/${'a'.repeat(64)}`,
      ' aws:444455556666/bucket-name',
    ]) {
      expect([ref, parseInventoryRef(ref)]).toEqual([ref, undefined]);
    }
  });

  it('name a row by its entity ref, else its inventory ref', () => {
    expect(
      bucketRefOf({
        entityRef: 'resource:default/users-bucket',
        inventoryRef: 'aws:111122223333/x-bucket',
      }),
    ).toBe('resource:default/users-bucket');
    expect(bucketRefOf({ inventoryRef: 'aws:111122223333/x-bucket' })).toBe(
      'aws:111122223333/x-bucket',
    );
  });
});
