import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Agent } from 'undici';
import { freePort } from '../../api/runtime/embedded.js';
import { DEPLOY_DIR, findNginx } from '../../api/runtime/cluster/nginx.js';
import { childrenOf, isAlive, signal, waitForExit } from '../../api/runtime/processes.js';
import { Started, tempDir } from '../helpers/api-process.js';
import { Poller, Sender, wholeConversation } from '../helpers/chat-load.js';
import { parseRaw, type RawReply } from '../helpers/raw-http.js';
import { HalWalker, type Doc } from '../helpers/hal-walk.js';
import { spawnNode, type Spawned } from '../helpers/process.js';
import { until } from '../helpers/until.js';

interface ClusterPids {
  pid: number;
  nginx: number | null;
  instances: Array<{ instance: number; pid: number | null; port: number; ready: boolean }>;
}
const readPids = (dir: string): ClusterPids => JSON.parse(fs.readFileSync(path.join(dir, 'cluster.json'), 'utf8'));
/** A process and everything below it (nginx's workers, PostgreSQL's backends…). */
const tree = (pid: number): number[] => [pid, ...childrenOf(pid).flatMap(tree)];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('bin/cluster (npm run cluster): nginx in front of three API instances, one runtime', function () {
  this.timeout(120_000);
  const started = new Started();
  const pids = new Set<number>();
  const walkers: HalWalker[] = [];
  let cluster: Spawned;
  let dir: string;
  let base: string;
  let env: NodeJS.ProcessEnv;

  const remember = (...list: Array<number | null | undefined>) => list.forEach((pid) => pid && pids.add(pid));
  const walker = (agent?: Agent) => {
    const w = new HalWalker(base, agent);
    walkers.push(w);
    return w;
  };
  /** Signs up through the proxy's root and completes the profile, somewhere no demo user lives. */
  const newcomer = async (username: string): Promise<HalWalker> => {
    const w = walker();
    const made = await w.expect(w.submit(await w.follow(), 'signup', { username, email: `${username}@example.com`, password: 'correct horse battery', birthDate: '1990-05-17' }), 201);
    w.token = made.body.token;
    await w.expect(w.submit(await w.follow('me'), 'edit', { hobbies: ['chess'], interests: ['jazz'], zipCode: '59001', friendRadius: 50 }), 200);
    return w;
  };
  const like = async (w: HalWalker, username: string): Promise<Doc> => {
    const card = ((await w.follow('candidates'))._embedded.candidates as Doc[]).find((c) => c.username === username);
    expect(card, `${username} among the candidates: ${JSON.stringify(await w.follow("candidates")).slice(0, 600)}`).to.exist;
    return (await w.expect(w.submit(card, 'like'), 201)).body;
  };

  before(async () => {
    // No nginx is a failure, not a skip: findNginx's reason names the package (.ci/run installs it).
    findNginx();
    dir = started.folder(tempDir('friender-cluster-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      PORT: String(port), HOST: '127.0.0.1', FRIENDER_DATA_DIR: dir, BCRYPT_COST: '4',
      SIGNUPS_PER_IP_PER_HOUR: '3', CHAT_MESSAGES_PER_MINUTE: '10000',
    };
    cluster = spawnNode('dist/bin/cluster.js', [], env);
    remember(cluster.child.pid);
    await cluster.waitFor(/listening on http:\/\/localhost:\d+ with 3 instances behind nginx/, 90_000);
    // nginx, its worker, the instances, PostgreSQL, s3rver: ended by PID after, whatever happens.
    remember(...tree(cluster.child.pid!));
  });

  after(async () => {
    for (const w of walkers) await w.close().catch(() => {});
    for (const pid of pids) if (isAlive(pid)) signal(pid, 'SIGKILL');
    for (const pid of pids) await waitForExit(pid, 5_000);
    await started.removeFolders();
  });

  it('when started, then the PIDs of nginx and the three instances are in cluster.json, all children of the cluster', () => {
    const state = readPids(dir);
    expect(state.pid).to.equal(cluster.child.pid);
    expect(state.instances.map((i) => i.ready)).to.deep.equal([true, true, true]);
    const children = childrenOf(state.pid);
    expect(children).to.include.members([state.nginx!, ...state.instances.map((i) => i.pid!)]);
  });

  it('when one instance is killed with -9 while polls are held and messages are in flight, then readers carry on by following next, every acknowledged message is there exactly once, nothing is sent twice, and the instance is started again', async () => {
    const ann = await newcomer('cluster_ann');
    const bob = await newcomer('cluster_bob');
    await like(ann, 'cluster_bob');
    expect((await like(bob, 'cluster_ann'))._links.match, 'the second like makes a match').to.exist;
    const pageOf = async (w: HalWalker) => {
      const match = (await w.follow('matches'))._embedded.matches[0];
      return (await w.expect(w.get(match._links.messages.href), 200)).body;
    };
    const [annPage, bobPage] = [await pageOf(ann), await pageOf(bob)];

    // Three polls started one after another with nothing else passing: nginx's round robin gives
    // each instance one, so the instance killed below holds one.
    const pollers: Poller[] = [];
    for (const [w, page] of [[bob, bobPage], [ann, annPage], [bob, bobPage]] as const) {
      pollers.push(new Poller(w, page));
      await until(() => pollers.at(-1)!.holding);
      await pause(150);
    }
    const senders = [new Sender(ann, annPage, 'ann'), new Sender(ann, annPage, 'ann-2'), new Sender(bob, bobPage, 'bob')];
    const victim = readPids(dir).instances[1]!;
    let restarted = false;
    const sending = senders.map((s) => s.run((sent) => sent >= 8 && restarted, 120));
    signal(victim.pid!, 'SIGKILL'); // the first sends are on their way
    await cluster.waitFor(new RegExp(`instance 2 \\(pid ${victim.pid}\\) exited \\(SIGKILL\\); starting it again`), 10_000);
    await until(() => {
      const now = readPids(dir).instances[1]!;
      return now.ready && now.pid !== victim.pid && isAlive(now.pid!);
    }, { timeoutMs: 30_000, intervalMs: 100 });
    restarted = true;
    remember(readPids(dir).instances[1]!.pid);
    await Promise.all(sending);

    // Every reader ends with every acknowledged message, each once, with its words.
    const acknowledged = new Map(senders.flatMap((s) => [...s.acknowledged]));
    await until(() => pollers.every((p) => [...acknowledged.keys()].every((id) => p.seen.some((m) => m.id === id))), {
      timeoutMs: 30_000, intervalMs: 100, what: () => JSON.stringify(pollers.map((p) => p.seen.length)),
    });
    await Promise.all(pollers.map((p) => p.stop()));
    for (const poller of pollers) {
      const ids = poller.seen.map((m) => m.id);
      expect(new Set(ids).size, 'no message seen twice').to.equal(ids.length);
      for (const m of poller.seen) if (acknowledged.has(m.id)) expect(m.body).to.equal(acknowledged.get(m.id));
    }
    const stored = await wholeConversation(bob, bobPage._links.self.href);
    const attempted = new Set(senders.flatMap((s) => s.attempts));
    for (const [id, body] of acknowledged) expect(stored.filter((m) => m.id === id), `message ${id}`).to.deep.equal([{ id, body }]);
    // A POST is never replayed by nginx: no try is stored twice, and nothing nobody sent is there.
    const bodies = stored.map((m) => m.body);
    expect(new Set(bodies).size, 'no send stored twice').to.equal(bodies.length);
    expect(bodies.filter((b) => !attempted.has(b))).to.deep.equal([]);
    // The kill cut at least one held poll: nginx says so, and sent that GET to another instance.
    expect(fs.readFileSync(path.join(dir, 'nginx', 'error.log'), 'utf8')).to.match(/(upstream prematurely closed connection|Connection reset by peer).*GET \/matches\/[^/]+\/messages\?after=/);
    console.error(`      ${acknowledged.size} messages acknowledged, ${senders.reduce((n, s) => n + s.failures, 0)} sends failed and were sent again, ${pollers.reduce((n, p) => n + p.retries, 0)} polls retried`);
    expect((await ann.get('/health')).status).to.equal(200);
  });

  it('when clients behind the proxy sign up, then the per-address limit counts each client, not nginx, and an X-Forwarded-For a client writes changes nothing', async () => {
    // The loopback has a whole /8: two "machines" at 127.0.0.2 and 127.0.0.3 (nginx itself is 127.0.0.1).
    const from = (address: string) => walker(new Agent({ localAddress: address, keepAliveTimeout: 2_000 }));
    const signupFrom = async (w: HalWalker, username: string, forwardedFor?: string) =>
      (await w.submit(await w.follow(), 'signup', { username, email: `${username}@example.com`, password: 'correct horse battery', birthDate: '1990-05-17' },
        forwardedFor ? { 'x-forwarded-for': forwardedFor } : {})).status;
    const second = from('127.0.0.2');
    const statuses = [];
    for (let i = 1; i <= 4; i += 1) statuses.push(await signupFrom(second, `xff_two_${i}`, `203.0.113.${i}`));
    expect(statuses, 'three an hour from one address (SIGNUPS_PER_IP_PER_HOUR=3), whatever it claims').to.deep.equal([201, 201, 201, 429]);
    expect(await signupFrom(from('127.0.0.3'), 'xff_three_1'), 'another address is counted apart').to.equal(201);
  });

  it('when the cluster itself is killed with -9, then its instances drain and exit by themselves, the nginx left alone answers 502 problem+json, and the next start on the folder stops it', async () => {
    const state = readPids(dir);
    remember(...tree(state.pid));
    signal(state.pid, 'SIGKILL');
    await cluster.exited;
    for (const i of state.instances) expect(await waitForExit(i.pid!, 15_000), `instance ${i.instance} ended`).to.equal(true);
    expect(isAlive(state.nginx!), 'nginx cannot notice').to.equal(true);
    // With no instance left, nginx answers itself — in the API's format, not an HTML page.
    const orphaned = await fetch(`${base}/`);
    expect(orphaned.status).to.equal(502);
    expect(orphaned.headers.get('content-type')).to.equal('application/problem+json');
    expect(orphaned.headers.get('retry-after')).to.equal('1');
    expect(await orphaned.json()).to.include({ type: '/problems/bad-gateway', status: 502 });
    cluster = spawnNode('dist/bin/cluster.js', [], env);
    remember(cluster.child.pid);
    await cluster.waitFor(/listening on http:\/\/localhost:\d+ with 3 instances behind nginx/, 60_000);
    remember(...tree(cluster.child.pid!));
    expect(cluster.output()).to.include(`stopping the nginx (pid ${state.nginx}) a previous cluster left running`);
    expect(isAlive(state.nginx!)).to.equal(false);
    expect((await new HalWalker(base).get('/health')).status).to.equal(200);
  });

  it('when a body is larger than nginx passes on, then nginx refuses it as problem+json before reading it', async () => {
    // Headers only: nginx answers from Content-Length alone (it then waits for the body it will throw away, so read just the answer).
    const head = 'POST /me/photos HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 70000000\r\n\r\n';
    const reply = await new Promise<RawReply>((resolve, reject) => {
      const socket = net.connect(Number(new URL(base).port), '127.0.0.1', () => socket.write(head));
      let text = '';
      const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no whole answer within 5 s: ${text}`))), 5_000);
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        text += chunk.toString();
        const answer = text.includes('\r\n\r\n') ? parseRaw(text) : undefined;
        if (answer && answer.body.length >= Number(answer.headers['content-length'])) {
          clearTimeout(timer);
          socket.destroy();
          resolve(answer);
        }
      });
    });
    expect(reply.status).to.equal(413);
    expect(reply.headers['content-type']).to.equal('application/problem+json');
    expect(JSON.parse(reply.body)).to.include({ type: '/problems/payload-too-large', status: 413 });
  });

  it('when deploy/nginx/friender.conf (the production example) is checked by nginx -t, then it is valid', () => {
    const check = started.folder(tempDir('friender-nginx-check-'));
    const site = fs.readFileSync(path.join(DEPLOY_DIR, 'nginx', 'friender.conf'), 'utf8')
      .replaceAll('/etc/nginx/friender-proxy.conf', path.join(DEPLOY_DIR, 'nginx', 'proxy.conf'))
      .replaceAll('/etc/nginx/friender-errors.conf', path.join(DEPLOY_DIR, 'nginx', 'errors.conf'));
    fs.writeFileSync(path.join(check, 'friender.conf'), site);
    fs.writeFileSync(path.join(check, 'nginx.conf'), `pid ${check}/nginx.pid;\nevents {}\nhttp {\n  access_log off;\n  include ${check}/friender.conf;\n}\n`);
    const result = spawnSync(findNginx(), ['-t', '-p', `${check}/`, '-c', path.join(check, 'nginx.conf'), '-e', path.join(check, 'error.log')], { encoding: 'utf8' });
    expect(result.stderr).to.include('test is successful');
    expect(result.status).to.equal(0);
  });

  it('when sent SIGTERM after its log\'s reader went away (`npm run cluster | tee log`, and Ctrl-C), then nginx, every instance and the embedded PostgreSQL stop, and it exits 0 with nothing left running', async () => {
    const state = readPids(dir);
    remember(...tree(state.pid));
    const everything = [...pids];
    expect(cluster.output()).not.to.match(/\n\s+at /);
    // Its stopping lines now go nowhere (EPIPE): they once ended the shutdown before PostgreSQL was stopped.
    cluster.child.stdout!.destroy();
    cluster.child.stderr!.destroy();
    signal(state.pid, 'SIGTERM');
    expect(await cluster.exited).to.equal(0);
    for (const pid of everything) expect(await waitForExit(pid, 5_000), `process ${pid} ended`).to.equal(true);
    expect(fs.existsSync(path.join(dir, 'cluster.json'))).to.equal(false);
  });
});

describe('bin/cluster: settings it refuses before starting anything', function () {
  this.timeout(30_000);
  const run = async (env: NodeJS.ProcessEnv) => {
    const dataDir = tempDir('friender-cluster-');
    const spawned = spawnNode('dist/bin/cluster.js', [], { FRIENDER_DATA_DIR: dataDir, ...env });
    const code = await spawned.exited;
    const made = fs.readdirSync(dataDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
    return { code, output: spawned.output(), made };
  };

  it('when nginx is not on PATH nor in the usual places, then the reason names the package to install', () => {
    expect(() => findNginx({ PATH: '/nowhere' }, [])).to.throw('npm run cluster needs nginx, which was not found: install it (apt-get install nginx');
  });

  it('when NGINX names no program, then it says so in one line and exits 1, having made nothing', async () => {
    const { code, output, made } = await run({ NGINX: '/nowhere/nginx' });
    expect(code).to.equal(1);
    expect(output.trim().split('\n')).to.deep.equal(['friender-cluster: NGINX is set to /nowhere/nginx, which is not an executable file: install nginx (apt-get install nginx) or point NGINX at it']);
    expect(made).to.deep.equal([]);
  });

  it('when FRIENDER_INSTANCES is not a whole number from 1 to 64, then it says so and exits 1', async () => {
    const { code, output } = await run({ FRIENDER_INSTANCES: 'lots' });
    expect(code).to.equal(1);
    expect(output).to.include('FRIENDER_INSTANCES must be a whole number from 1 to 64, not "lots"');
  });
});
