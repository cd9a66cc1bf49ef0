import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { StartError } from '../lock.js';
import { commandLine, isAlive, signal, waitForExit } from '../processes.js';

/** deploy/ at the package root (this file runs from dist/api/runtime/cluster/). */
export const DEPLOY_DIR = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'deploy');

/** Where nginx often lives without being on a user's PATH (sbin). */
const NGINX_PLACES = ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin', '/opt/homebrew/bin', '/usr/local/bin'];

/** The nginx binary: NGINX if set (a path), else the first on PATH or in the usual sbin folders. */
export function findNginx(env: NodeJS.ProcessEnv = process.env, places = NGINX_PLACES): string {
  const executable = (file: string) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (env.NGINX) {
    if (executable(env.NGINX)) return env.NGINX;
    throw new StartError(`NGINX is set to ${env.NGINX}, which is not an executable file: install nginx (apt-get install nginx) or point NGINX at it`);
  }
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...places];
  const found = dirs.map((dir) => path.join(dir, 'nginx')).find(executable);
  if (!found) throw new StartError('npm run cluster needs nginx, which was not found: install it (apt-get install nginx, brew install nginx) or set NGINX to its path');
  return found;
}

export interface NginxSite {
  /** The folder for everything nginx writes: config, pid, logs, temp files. */
  dir: string;
  host: string;
  port: number;
  /** The API instances, each on 127.0.0.1. */
  instancePorts: number[];
}

/**
 * As many connections as this process may open files (a proxied request holds two: the client's
 * and the instance's), at most 65,536: nginx warns at every start when it is promised more.
 */
function openFilesLimit(): number {
  try {
    const soft = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.[1];
    if (soft) return Math.max(256, Math.min(65_536, Number(soft) - 64));
  } catch {
    // Not Linux: no /proc.
  }
  return 960;
}

/** nginx's listen address: IPv6 in brackets. */
const hostPort = (host: string, port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`;

/** The cluster's nginx.conf, from deploy/nginx/cluster.conf.template. */
export function renderNginxConfig(site: NginxSite, asRoot = process.getuid?.() === 0): string {
  const template = fs.readFileSync(path.join(DEPLOY_DIR, 'nginx', 'cluster.conf.template'), 'utf8');
  const values: Record<string, string> = {
    dir: site.dir,
    // As root nginx's workers would run as nobody, which may not enter a data folder under a 0700
    // home; they run as the user that runs everything else of the cluster.
    user: asRoot ? 'user root;' : '',
    listen: hostPort(site.host, site.port),
    servers: site.instancePorts.map((port) => `        server 127.0.0.1:${port} max_fails=1 fail_timeout=2s;`).join('\n'),
    proxyConf: path.join(DEPLOY_DIR, 'nginx', 'proxy.conf'),
    errorsConf: path.join(DEPLOY_DIR, 'nginx', 'errors.conf'),
    workerConnections: String(openFilesLimit()),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`cluster.conf.template: unknown placeholder ${whole}`);
    return value;
  });
}

/** Writes the config and makes the folders nginx writes to; returns the config's path. */
export function writeNginxConfig(site: NginxSite): string {
  for (const sub of ['', 'temp']) fs.mkdirSync(path.join(site.dir, sub), { recursive: true });
  const file = path.join(site.dir, 'nginx.conf');
  fs.writeFileSync(file, renderNginxConfig(site));
  return file;
}

/** The arguments that run nginx in the foreground with everything under `dir`. */
export const nginxArgs = (dir: string, conf: string) => ['-p', `${dir}${path.sep}`, '-c', conf, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'];

/**
 * An nginx a cluster left behind on this folder (the cluster was killed with -9: nginx has no
 * way to notice) is stopped, so the port is free again. Only one whose command line names this
 * very config: a PID in the file that now names another process is left alone.
 */
export async function stopLeftoverNginx(dir: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dir, 'nginx.pid'), 'utf8').trim());
  } catch {
    return;
  }
  const conf = path.join(dir, 'nginx.conf');
  if (!isAlive(pid) || !(commandLine(pid) ?? []).join(' ').includes(conf)) return;
  log(`stopping the nginx (pid ${pid}) a previous cluster left running on ${dir}`);
  signal(pid, 'SIGQUIT');
  if (!(await waitForExit(pid, 5_000))) signal(pid, 'SIGKILL');
  await waitForExit(pid, 2_000);
}

/** Fails with one line when the cluster's port is taken, before anything is started. */
export async function checkPortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new StartError(
        e.code === 'EADDRINUSE' ? `port ${port} is already in use (set PORT to another port)` :
        e.code === 'EACCES' ? `no permission to listen on port ${port}` : `cannot listen on ${host}:${port}: ${e.message}`,
      )));
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
