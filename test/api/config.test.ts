import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { ConfigError, loadConfig } from '../../api/config.js';

describe('config: read once from the environment', () => {
  it('when nothing is set, runs embedded on port 3000 with data in ./.friender and bcrypt cost 12', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).to.deep.include({ port: 3000, dataDir: path.resolve('/srv/app/.friender'), databaseUrl: undefined, bcryptCost: 12, jwtSecret: undefined });
    expect(config.s3).to.deep.equal({ endpoint: undefined, bucket: undefined, region: 'us-east-1', accessKeyId: undefined, secretAccessKey: undefined, timeoutSeconds: 10 });
    expect(config.embedded, 'free ports, chosen at each start').to.deep.equal({ postgresPort: undefined, s3Port: undefined });
    expect(config.shutdownGraceSeconds).to.equal(10);
    expect(config.undoSeconds, 'a pass can be taken back for 10 minutes').to.equal(600);
  });

  it('when DECK_SIZE and DECK_TTL_SECONDS are given, uses them; by default 300 people and 10 minutes', () => {
    expect(loadConfig({}).deck).to.deep.equal({ size: 300, ttlSeconds: 600 });
    expect(loadConfig({ DECK_SIZE: '50', DECK_TTL_SECONDS: '60' }).deck).to.deep.equal({ size: 50, ttlSeconds: 60 });
  });

  it('when UNDO_SECONDS is given, uses it; 0 turns undo off', () => {
    expect(loadConfig({ UNDO_SECONDS: '30' }).undoSeconds).to.equal(30);
    expect(loadConfig({ UNDO_SECONDS: '0' }).undoSeconds).to.equal(0);
  });

  it('when the embedded ports and the shutdown grace are given, uses them', () => {
    const config = loadConfig({ FRIENDER_PG_PORT: '5433', FRIENDER_S3_PORT: '4569', SHUTDOWN_GRACE_SECONDS: '30' });
    expect(config.embedded).to.deep.equal({ postgresPort: 5433, s3Port: 4569 });
    expect(config.shutdownGraceSeconds).to.equal(30);
  });

  it('when production settings are given, uses them as they are', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db.internal:5432/friender',
      S3_BUCKET: 'friender-photos',
      S3_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIA',
      AWS_SECRET_ACCESS_KEY: 'secret',
      JWT_SECRET: 'x'.repeat(32),
    });
    expect(config).to.deep.include({ port: 8080, databaseUrl: 'postgres://u:p@db.internal:5432/friender', jwtSecret: 'x'.repeat(32) });
    expect(config.s3).to.deep.equal({ endpoint: undefined, bucket: 'friender-photos', region: 'eu-west-1', accessKeyId: 'AKIA', secretAccessKey: 'secret', timeoutSeconds: 10 });
  });

  it('when DATABASE_LISTEN_URL and DATABASE_PREPARED are given, uses them; by default LISTEN goes where DATABASE_URL does and statements are prepared', () => {
    const production = { DATABASE_URL: 'postgres://u:p@pgbouncer.internal:6432/friender', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(production)).to.deep.include({ databaseListenUrl: undefined, databasePrepared: true });
    expect(loadConfig({ ...production, DATABASE_LISTEN_URL: 'postgresql://u:p@db.internal:5432/friender', DATABASE_PREPARED: 'false' }))
      .to.deep.include({ databaseUrl: production.DATABASE_URL, databaseListenUrl: 'postgresql://u:p@db.internal:5432/friender', databasePrepared: false });
    for (const [raw, value] of [['true', true], ['1', true], [' FALSE ', false], ['0', false], ['', true]] as const) {
      expect(loadConfig({ ...production, DATABASE_PREPARED: raw }).databasePrepared, raw).to.equal(value);
    }
  });

  const bad: Array<[string, NodeJS.ProcessEnv, RegExp]> = [
    ['DATABASE_LISTEN_URL is not a URL', { DATABASE_URL: 'postgres://db/x', DATABASE_LISTEN_URL: 'db:5432', JWT_SECRET: 'x'.repeat(32) }, /^DATABASE_LISTEN_URL must start with postgres:\/\/ or postgresql:\/\/$/],
    ['DATABASE_LISTEN_URL is not a URL at all', { DATABASE_URL: 'postgres://db/x', DATABASE_LISTEN_URL: 'not a url', JWT_SECRET: 'x'.repeat(32) }, /^DATABASE_LISTEN_URL is not a valid URL$/],
    ['DATABASE_LISTEN_URL is set without DATABASE_URL', { DATABASE_LISTEN_URL: 'postgres://db/x' }, /^DATABASE_LISTEN_URL is set but DATABASE_URL is not$/],
    ['DATABASE_PREPARED is neither true nor false', { DATABASE_PREPARED: 'maybe' }, /^DATABASE_PREPARED must be true or false, got "maybe"$/],
    ['PORT is not a number', { PORT: 'abc' }, /^PORT must be a whole number/],
    ['PORT is out of range', { PORT: '70000' }, /^PORT must be between 0 and 65535/],
    ['DATABASE_URL is not a URL', { DATABASE_URL: 'not a url', JWT_SECRET: 'x'.repeat(32) }, /^DATABASE_URL is not a valid URL$/],
    ['DATABASE_URL is not postgres', { DATABASE_URL: 'mysql://db/x', JWT_SECRET: 'x'.repeat(32) }, /^DATABASE_URL must start with postgres:\/\//],
    ['DATABASE_URL is set without JWT_SECRET', { DATABASE_URL: 'postgres://db/x' }, /^JWT_SECRET is required/],
    ['JWT_SECRET is short', { JWT_SECRET: 'short' }, /^JWT_SECRET must be at least 32 bytes/],
    ['JWT_SECRET is short once its spaces are trimmed', { JWT_SECRET: ` ${'x'.repeat(20)}${' '.repeat(20)}` }, /^JWT_SECRET must be at least 32 bytes/],
    ['JWT_SECRET is set but empty', { JWT_SECRET: '' }, /^JWT_SECRET is set but empty; it must be at least 32 bytes long$/],
    ['FRIENDER_PG_PORT is not a port', { FRIENDER_PG_PORT: '0' }, /^FRIENDER_PG_PORT must be between 1 and 65535, got 0$/],
    ['FRIENDER_S3_PORT is not a number', { FRIENDER_S3_PORT: 'auto' }, /^FRIENDER_S3_PORT must be a whole number, got "auto"$/],
    ['FRIENDER_PG_PORT is the API\'s port', { PORT: '4000', FRIENDER_PG_PORT: '4000' }, /^FRIENDER_PG_PORT 4000 is already given to PORT; each needs its own port$/],
    ['FRIENDER_S3_PORT is PostgreSQL\'s port', { FRIENDER_PG_PORT: '5544', FRIENDER_S3_PORT: '5544' }, /^FRIENDER_S3_PORT 5544 is already given to FRIENDER_PG_PORT; each needs its own port$/],
    ['SHUTDOWN_GRACE_SECONDS is negative', { SHUTDOWN_GRACE_SECONDS: '-1' }, /^SHUTDOWN_GRACE_SECONDS must be a whole number, got "-1"$/],
    ['SHUTDOWN_GRACE_SECONDS is over an hour', { SHUTDOWN_GRACE_SECONDS: '3601' }, /^SHUTDOWN_GRACE_SECONDS must be between 0 and 3600, got 3601$/],
    ['S3_ENDPOINT is not http', { S3_ENDPOINT: 'ftp://x', S3_BUCKET: 'b-1' }, /^S3_ENDPOINT must start with http:\/\/ or https:\/\//],
    ['S3_ENDPOINT comes without a bucket', { S3_ENDPOINT: 'http://localhost:9000' }, /^S3_ENDPOINT is set but S3_BUCKET is not$/],
    ['S3_BUCKET is not a bucket name', { S3_BUCKET: 'Not_A_Bucket' }, /^S3_BUCKET "Not_A_Bucket" is not a valid bucket name$/],
    ['DECK_SIZE is under 20', { DECK_SIZE: '5' }, /^DECK_SIZE must be between 20 and 5000, got 5$/],
    ['UNDO_SECONDS is not a number', { UNDO_SECONDS: '10m' }, /^UNDO_SECONDS must be a whole number, got "10m"$/],
    ['UNDO_SECONDS is over a day', { UNDO_SECONDS: '86401' }, /^UNDO_SECONDS must be between 0 and 86400, got 86401$/],
    ['BCRYPT_COST is below 4', { BCRYPT_COST: '3' }, /^BCRYPT_COST must be between 4 and 15/],
    ['TRUST_PROXY is 0 proxies', { TRUST_PROXY: '0' }, /^TRUST_PROXY must be a number of proxies from 1 to 10, got 0$/],
    ['TRUST_PROXY is 11 proxies', { TRUST_PROXY: '11' }, /^TRUST_PROXY must be a number of proxies from 1 to 10, got 11$/],
    ['TRUST_PROXY is a word', { TRUST_PROXY: 'yes' }, /^TRUST_PROXY must be false, true .*; "yes" is none of these$/],
    ['TRUST_PROXY is True in capitals', { TRUST_PROXY: 'True' }, /^TRUST_PROXY .*"True" is none of these$/],
    ['TRUST_PROXY is a negative number', { TRUST_PROXY: '-1' }, /^TRUST_PROXY .*"-1" is none of these$/],
    ['TRUST_PROXY has a host name', { TRUST_PROXY: '10.0.0.1, lb.internal' }, /^TRUST_PROXY .*"lb.internal" is none of these$/],
    ['TRUST_PROXY has a bad address', { TRUST_PROXY: '10.0.0.256' }, /^TRUST_PROXY .*"10.0.0.256" is none of these$/],
    ['TRUST_PROXY has a prefix too long for IPv4', { TRUST_PROXY: '10.0.0.0/33' }, /^TRUST_PROXY .*"10.0.0.0\/33" is none of these$/],
    ['TRUST_PROXY has a prefix too long for IPv6', { TRUST_PROXY: 'fd00::/129' }, /^TRUST_PROXY .*"fd00::\/129" is none of these$/],
    ['TRUST_PROXY has a prefix that is not a number', { TRUST_PROXY: '10.0.0.0/x' }, /^TRUST_PROXY .*"10.0.0.0\/x" is none of these$/],
    ['TRUST_PROXY has an empty entry', { TRUST_PROXY: '10.0.0.1,,10.0.0.2' }, /^TRUST_PROXY .*"" is none of these$/],
    ['S3_TIMEOUT_SECONDS is 0', { S3_TIMEOUT_SECONDS: '0' }, /^S3_TIMEOUT_SECONDS must be between 1 and 300, got 0$/],
    ['MAX_CONNECTIONS is not a number', { MAX_CONNECTIONS: 'lots' }, /^MAX_CONNECTIONS must be a whole number, got "lots"$/],
    ['the header timeout is longer than the request timeout', { HEADERS_TIMEOUT_SECONDS: '60', REQUEST_TIMEOUT_SECONDS: '30' }, /^HEADERS_TIMEOUT_SECONDS \(60\) must not be more than REQUEST_TIMEOUT_SECONDS \(30\)$/],
  ];
  for (const [what, env, message] of bad) {
    it(`when ${what}, stops with a one-line reason`, () => {
      expect(() => loadConfig(env)).to.throw(ConfigError, message);
      try {
        loadConfig(env);
      } catch (err) {
        expect((err as Error).message).not.to.include('\n');
      }
    });
  }

  it('when nothing is set, storage calls take at most 10 s, the sweeper runs every 30 s, and the server limits have defaults below the open-files limit', () => {
    const config = loadConfig({});
    expect([config.s3.timeoutSeconds, config.storageSweepSeconds]).to.deep.equal([10, 30]);
    expect(config.server).to.deep.include({ headersTimeoutSeconds: 10, requestTimeoutSeconds: 300, keepAliveTimeoutSeconds: 5 });
    expect(config.server.maxConnections).to.be.within(64, 10_000);
  });

  it('when the storage and server settings are given, uses them as they are', () => {
    const config = loadConfig({ S3_TIMEOUT_SECONDS: '3', STORAGE_SWEEP_SECONDS: '5', MAX_CONNECTIONS: '500', HEADERS_TIMEOUT_SECONDS: '4', REQUEST_TIMEOUT_SECONDS: '60', KEEP_ALIVE_TIMEOUT_SECONDS: '2' });
    expect([config.s3.timeoutSeconds, config.storageSweepSeconds]).to.deep.equal([3, 5]);
    expect(config.server).to.deep.equal({ maxConnections: 500, headersTimeoutSeconds: 4, requestTimeoutSeconds: 60, keepAliveTimeoutSeconds: 2 });
  });

  describe('TRUST_PROXY: which hops may say who the client is', () => {
    const good: Array<[string | undefined, false | number | string[]]> = [
      [undefined, false],
      ['', false],
      ['false', false],
      // Kept for existing deployments: one load balancer, never "every hop".
      ['true', 1],
      ['1', 1],
      ['10', 10],
      [' 2 ', 2],
      ['10.0.0.1', ['10.0.0.1']],
      ['loopback, linklocal,uniquelocal', ['loopback', 'linklocal', 'uniquelocal']],
      ['10.0.0.0/8,192.168.1.7, fd00::/8, 2001:db8::1, ::ffff:10.1.2.3', ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', '2001:db8::1', '::ffff:10.1.2.3']],
    ];
    for (const [raw, expected] of good) {
      it(`when it is ${JSON.stringify(raw)}, then trusts ${JSON.stringify(expected)}, a value Express accepts and never true`, () => {
        const { trustProxy } = loadConfig(raw === undefined ? {} : { TRUST_PROXY: raw });
        expect(trustProxy).to.deep.equal(expected);
        expect(trustProxy).not.to.equal(true);
        expect(() => express().set('trust proxy', trustProxy)).not.to.throw();
      });
    }
  });
});
