// The API application: external plugins first (security, limits, docs), then the app's own plugins
// (database, repositories, services), then the autoloaded routes with auth applied in autohooks.
import path from "node:path";
import autoload from "@fastify/autoload";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { Config } from "./config/env.ts";
import { validatorCompiler } from "./lib/validation.ts";
// The decorations every built app carries (their plugins are autoloaded, so nothing else imports them).
import type {} from "./plugins/app/auth-repository.ts";
import type {} from "./plugins/app/authenticate.ts";
import type {} from "./plugins/app/db.ts";

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
  }
}

export interface BuildOptions {
  /** Extra Fastify options (tests silence the logger, for example). */
  fastify?: FastifyServerOptions;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.LOG_LEVEL === "silent" ? false : { level: config.LOG_LEVEL, redact: ["req.headers.authorization"] },
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: process.env.TRUST_PROXY === "true",
    ...options.fastify,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.decorate("config", config);
  const dir = import.meta.dirname;
  await app.register(autoload, { dir: path.join(dir, "plugins/external"), forceESM: true });
  await app.register(autoload, { dir: path.join(dir, "plugins/app"), forceESM: true });
  await app.register(autoload, { dir: path.join(dir, "routes"), autoHooks: true, cascadeHooks: true, forceESM: true });
  return app;
}
