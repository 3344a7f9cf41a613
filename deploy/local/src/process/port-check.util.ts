import { createConnection, createServer } from 'node:net';

/** True when nothing listens on host:port and we could bind it. */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  const bindable = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
  return bindable && !(await isPortAnswering(port, host));
}

/** True when a TCP connection to host:port succeeds within `timeoutMs`. */
export function isPortAnswering(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port the OS says is free right now (for tests that start their own servers). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Throws a message naming the port, what needed it and the variable that moves it, when it is taken. */
export async function assertPortFree(port: number, what: string, variable: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new Error(
      `Port ${port} (${what}) is already in use on 127.0.0.1. Stop whatever uses it, or choose another port with ${variable}=<port>.`,
    );
  }
}
