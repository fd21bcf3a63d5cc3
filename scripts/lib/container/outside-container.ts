// A Compose service's command as its container would run it, turned into a process on this
// machine: the image's ENTRYPOINT and CMD (or the service's overrides), its WORKDIR (or
// working_dir), the image's ENV overlaid by the service's environment, and nothing else from the
// machine's environment. Only what a container changes by being a container is translated:
//   - the image's copy of the repository (/app) is this checkout;
//   - `node` is this machine's Node (the image's PATH is the base image's);
//   - other services' host names (`postgres:5432`) are the addresses where they run here;
//   - the service listens on 127.0.0.1 instead of every interface (0.0.0.0), and on ports of the
//     caller's choosing instead of its EXPOSEd ones: the variable set to each such port is changed.
import path from "node:path";
import type { ComposeFile } from "./compose.ts";
import { type ImageConfig, readDockerfile } from "./dockerfile.ts";

/** Where the images copy the repository (deploy/*.Dockerfile: `COPY --from=build /app /app`). */
export const IMAGE_APP_ROOT = "/app";

export interface OutsideOptions {
  compose: ComposeFile;
  /** The directory of the Compose file: build contexts are relative to it. */
  composeDir: string;
  service: string;
  repoRoot: string;
  /** `host:port` as the containers name it (`postgres:5432`) → `127.0.0.1:port` here. */
  addresses: Record<string, string>;
  /** The ports this service listens on here, one for each port its image EXPOSEs, in that order. */
  ports?: number[];
  /** The node user's home inside the image; a directory of the caller's here. */
  home: string;
}

export interface OutsideCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The service's healthcheck (`CMD` form), translated the same way. */
  healthcheck?: { command: string; args: string[] };
  image: ImageConfig;
}

/** The image a Compose service of the project's own is built from. */
export function imageOf(compose: ComposeFile, composeDir: string, name: string): ImageConfig {
  const service = compose.services[name];
  if (!service) throw new Error(`no service ${name} in the Compose file`);
  if (!service.build) throw new Error(`${name} has no build: its image is not the project's`);
  return readDockerfile(path.resolve(composeDir, service.build.context, service.build.dockerfile));
}

export function commandOutsideContainer(options: OutsideOptions): OutsideCommand {
  const image = imageOf(options.compose, options.composeDir, options.service);
  const service = options.compose.services[options.service]!;

  const ports = options.ports ?? [];
  if (ports.length !== image.expose.length)
    throw new Error(`${options.service}: ${image.expose.length} ports to listen on are required, one per EXPOSEd port`);
  /** Each EXPOSEd port → the one it listens on here. */
  const here = new Map(image.expose.map((inside, i) => [String(inside), String(ports[i])]));
  const own = Object.fromEntries(image.expose.map((inside, i) => [`127.0.0.1:${inside}`, `127.0.0.1:${ports[i]}`]));
  const addresses = { ...options.addresses, ...own };
  const translate = (text: string) => {
    let out = text;
    if (out === IMAGE_APP_ROOT || out.startsWith(`${IMAGE_APP_ROOT}/`)) out = path.join(options.repoRoot, out.slice(IMAGE_APP_ROOT.length));
    for (const [inside, here] of Object.entries(addresses))
      out = out.replaceAll(`//${inside}`, `//${here}`).replaceAll(`@${inside}`, `@${here}`);
    return out === "0.0.0.0" ? "127.0.0.1" : out;
  };

  const environment = { ...image.env, ...service.environment };
  for (const inside of here.keys()) {
    const variables = Object.keys(environment).filter((k) => environment[k] === inside);
    if (variables.length !== 1)
      throw new Error(`${options.service}: expected one variable set to its port ${inside}, found ${variables.join(", ") || "none"}`);
  }
  const env: NodeJS.ProcessEnv = {
    PATH: [path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter),
    HOME: options.home,
  };
  for (const [k, v] of Object.entries(environment)) env[k] = here.get(v) ?? translate(v);

  // Compose: an entrypoint override drops the image's CMD; a command override keeps its ENTRYPOINT.
  const entrypoint = service.entrypoint ?? image.entrypoint;
  const cmd = service.command ?? (service.entrypoint ? [] : image.cmd);
  const [command, ...args] = [...entrypoint, ...cmd].map(translate);
  if (!command) throw new Error(`${options.service}: no command`);

  const test = service.healthcheck?.test;
  if (test && test[0] !== "CMD") throw new Error(`${options.service}: only the CMD form of healthcheck is supported`);
  const [checkCommand, ...checkArgs] = (test?.slice(1) ?? []).map(translate);
  return {
    command,
    args,
    cwd: translate(service.working_dir ?? image.workdir),
    env,
    healthcheck: checkCommand ? { command: checkCommand, args: checkArgs } : undefined,
    image,
  };
}
