// The API application: external plugins first (security, limits, docs), then the app's own plugins
// (database, repositories, services), then the autoloaded routes with auth applied in autohooks.
import path from "node:path";
import autoload from "@fastify/autoload";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { ApiErrorCode } from "@p2p-escrow/protocol/error-codes";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from "fastify";
import type { Config } from "./config/env.ts";
import { validatorCompiler } from "./lib/validation.ts";
// The decorations every built app carries (their plugins are autoloaded, so nothing else imports them).
import type {} from "./plugins/app/auth-repository.ts";
import type {} from "./plugins/app/authenticate.ts";
import type {} from "./plugins/app/db.ts";
import { errorBody } from "./plugins/app/envelope.ts";
import type {} from "./plugins/app/metrics.ts";

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
    // A process that starts while PostgreSQL restarts (a rolling deploy, the resilience test's
    // faults) waits for its connection and the migration lock longer than Fastify's default 10 s;
    // its readiness check keeps it out of rotation meanwhile, so waiting beats exiting.
    pluginTimeout: 60_000,
    // Errors the router raises before any route runs (a malformed URL, an over-long path
    // parameter) skip the error handler: they get the envelope here.
    frameworkErrors: (error, _request, reply) => {
      const code: ApiErrorCode =
        error.code === "FST_ERR_MAX_PARAM_LENGTH" ? "URI_TOO_LONG" : error.code === "FST_ERR_BAD_URL" ? "BAD_URL" : "BAD_REQUEST";
      return (reply as FastifyReply).status(error.statusCode ?? 400).send(errorBody(code, error.message));
    },
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
