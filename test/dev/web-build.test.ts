import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { webBuildFingerprint } from "../../scripts/lib/stack/web.ts";

// `pnpm dev` serves a production build and builds again only when what the build is made from
// changed: these are the facts that decide it.
describe("the web build's fingerprint", () => {
  const roots: string[] = [];
  afterEach(async () => {
    for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
  });

  async function workspace() {
    const root = await mkdtemp(path.join(tmpdir(), "web-build-"));
    roots.push(root);
    const write = async (file: string, text: string) => {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    };
    await write("web/src/page.tsx", "export default 1;");
    await write("protocol/src/keys.ts", "export const k = 1;");
    await write("contracts/chains.ts", "export const chains = {};");
    await write("contracts/generated/deployments.ts", "export const d = {};");
    await write("pnpm-lock.yaml", "lockfileVersion: 9");
    const fingerprint = (env: NodeJS.ProcessEnv = {}) =>
      webBuildFingerprint({ root, inputs: ["web", "protocol", "contracts/generated", "pnpm-lock.yaml"], env });
    return { write, fingerprint };
  }

  it("stays the same while nothing the build reads changed, whatever the build output, tests and dependencies hold", async () => {
    const { write, fingerprint } = await workspace();
    const before = await fingerprint();
    await write("web/.next/BUILD_ID", "abc");
    await write("web/.next-e2e/BUILD_ID", "def");
    await write("web/test/page.test.tsx", "it()");
    await write("web/node_modules/x/index.js", "1");
    await write("web/tsconfig.tsbuildinfo", "{}");
    await write("web/next-env.d.ts", "/// <reference />");
    expect(await fingerprint()).toBe(before);
  });

  it("changes with a source of the app, of a package it bundles, the deployments, the lockfile or a NEXT_PUBLIC_ variable", async () => {
    const { write, fingerprint } = await workspace();
    const seen = new Set([await fingerprint()]);
    for (const [file, text] of [
      ["web/src/page.tsx", "export default 2;"],
      ["protocol/src/keys.ts", "export const k = 2;"],
      ["contracts/chains.ts", "export const chains = { a: 1 };"],
      ["contracts/generated/deployments.ts", "export const d = { a: 1 };"],
      ["pnpm-lock.yaml", "lockfileVersion: 10"],
    ] as const) {
      await write(file, text);
      seen.add(await fingerprint());
    }
    seen.add(await fingerprint({ NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID: "x" }));
    expect(seen.size).toBe(7);
    // Other variables are read at run time, not built in.
    expect(await fingerprint({ WEB_API_URL: "http://127.0.0.1:4000" })).toBe(await fingerprint());
  });
});
