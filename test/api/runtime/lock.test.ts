import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { lockDataDir, StartError } from '../../../api/runtime/lock.js';
import { startTime } from '../../../api/runtime/processes.js';
import { tempDir } from '../../helpers/api-process.js';

describe('runtime/lock: one API per data folder', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('friender-lock-')));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lockFile = () => path.join(dir, 'friender.pid');

  it('when the folder is free, then takes it with our PID and start time, and release() frees it', async () => {
    const lock = await lockDataDir(dir);
    expect(fs.readFileSync(lockFile(), 'utf8')).to.equal(`${`${process.pid} ${startTime(process.pid) ?? ''}`.trim()}\n`);
    await lock.release();
    expect(fs.existsSync(lockFile())).to.equal(false);
  });

  it('when a live process holds it, then refuses in one line naming that process', async () => {
    const holder = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(lockFile(), `${holder.pid} ${startTime(holder.pid!) ?? ''}\n`);
      const err = await lockDataDir(dir).then(() => undefined, (e: Error) => e);
      expect(err).to.be.instanceOf(StartError);
      expect(err!.message).to.equal(`data folder ${dir} is already in use by process ${holder.pid} (another friender API); stop it, or set FRIENDER_DATA_DIR to another folder`);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('when the holder died (killed with -9), or its PID now names a later process, then the lock is taken over', async () => {
    const dead = spawn('true');
    await new Promise((resolve) => dead.once('exit', resolve));
    fs.writeFileSync(lockFile(), `${dead.pid} 12345\n`);
    await (await lockDataDir(dir)).release();

    const reused = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(lockFile(), `${reused.pid} 1\n`); // a start time that is not this process's
      const lock = await lockDataDir(dir);
      expect(fs.readFileSync(lockFile(), 'utf8').split(' ')[0]).to.equal(String(process.pid));
      await lock.release();
    } finally {
      reused.kill('SIGKILL');
    }
  });
});
