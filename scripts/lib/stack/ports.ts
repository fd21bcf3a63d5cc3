import { createServer } from "node:net";

/** A port the OS just confirmed free on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `count` free ports, asked one after another (asked at once, the OS could hand out one twice). */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  return ports;
}

/** Fails with a clear message when something already listens on 127.0.0.1:`port`. */
export function assertPortFree(port: number, hint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new Error(error.code === "EADDRINUSE" ? `port ${port} is already in use (${hint})` : `cannot bind port ${port}: ${error.message}`),
      ),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

/** Whether nothing listens on 127.0.0.1:`port`. */
export const portIsFree = (port: number) =>
  assertPortFree(port, "").then(
    () => true,
    () => false,
  );
