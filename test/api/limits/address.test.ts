import { expect } from 'chai';
import { addressKey } from '../../../api/limits/address.js';

describe('limits: the address a limit counts', () => {
  it('when IPv4, then as it is; when IPv4 mapped into IPv6, then the IPv4 address', () => {
    expect(addressKey('203.0.113.9')).to.equal('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).to.equal('203.0.113.9');
    expect(addressKey('::FFFF:203.0.113.9')).to.equal('203.0.113.9');
  });

  it('when IPv6, then its /64, however it is written', () => {
    for (const ip of ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2:0:0:0:abcd', '2001:db8:1:2::1%eth0']) {
      expect(addressKey(ip), ip).to.equal('2001:db8:1:2::/64');
    }
    expect(addressKey('::1')).to.equal('0:0:0:0::/64');
    expect(addressKey('fe80::1:2.3.4.5')).to.equal('fe80:0:0:0::/64');
    expect(addressKey('2001:db8::')).to.equal('2001:db8:0:0::/64');
  });

  it('when not an address at all, then as it is', () => {
    expect(addressKey('unknown')).to.equal('unknown');
  });
});
