import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEPLOY_DIR, findNginx, nginxArgs, renderNginxConfig } from '../../../api/runtime/cluster/nginx.js';

describe('runtime/cluster/nginx: the configuration npm run cluster gives nginx', () => {
  const site = { dir: '/data/friender/nginx', host: '127.0.0.1', port: 3000, instancePorts: [41001, 41002, 41003] };

  it('when rendered, then every instance is an upstream server on 127.0.0.1, and nothing is left unfilled', () => {
    const conf = renderNginxConfig(site, false);
    expect(conf).not.to.include('{{');
    expect(conf.match(/^\s*server 127\.0\.0\.1:\d+ max_fails=1 fail_timeout=2s;$/gm)).to.have.length(3);
    for (const port of site.instancePorts) expect(conf).to.include(`server 127.0.0.1:${port} `);
    expect(conf).to.match(/^\s*listen 127\.0\.0\.1:3000;$/m);
    expect(conf).to.include('keepalive 16;');
  });

  it('when rendered, then everything nginx writes (pid, logs, temp files) is under the data folder, and the shared proxy and error settings are included', () => {
    const conf = renderNginxConfig(site, false);
    const written = [...conf.matchAll(/^\s*(?:pid|error_log|access_log|\w+_temp_path) (\S+?);?(?: \w+)?;?$/gm)].map((m) => m[1]!);
    expect(written).to.have.length(8);
    for (const file of written) expect(file.startsWith(`${site.dir}/`), file).to.equal(true);
    const includes = [...conf.matchAll(/include (\S+);/g)].map((m) => m[1]!);
    expect(includes).to.deep.equal([path.join(DEPLOY_DIR, 'nginx', 'proxy.conf'), path.join(DEPLOY_DIR, 'nginx', 'errors.conf')]);
    for (const file of includes) expect(fs.existsSync(file), file).to.equal(true);
  });

  it('when the host is IPv6, then nginx is told to listen on it in brackets', () => {
    expect(renderNginxConfig({ ...site, host: '::' }, false)).to.match(/^\s*listen \[::\]:3000;$/m);
  });

  it('when run as root, then its workers run as root (nobody may not enter the data folder); otherwise there is no user line', () => {
    expect(renderNginxConfig(site, true)).to.match(/^user root;$/m);
    expect(renderNginxConfig(site, false)).not.to.match(/^user /m);
  });

  it('when it is run, then it stays in the foreground with its prefix and error log in the folder', () => {
    expect(nginxArgs('/d', '/d/nginx.conf')).to.deep.equal(['-p', '/d/', '-c', '/d/nginx.conf', '-e', '/d/error.log', '-g', 'daemon off;']);
  });

  it('when NGINX names an executable, then that is the nginx used', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'friender-nginx-'));
    const fake = path.join(dir, 'my-nginx');
    fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    try {
      expect(findNginx({ NGINX: fake, PATH: '' }, [])).to.equal(fake);
      expect(() => findNginx({ NGINX: dir, PATH: '' }, [])).to.throw(`NGINX is set to ${dir}, which is not an executable file`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
