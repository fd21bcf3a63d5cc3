# syntax=docker/dockerfile:1
# The web image: the Next.js app's `next build` output, served by web/server.ts (docs/operating.md).
# Build from the repository root:
#   docker build -f deploy/web.Dockerfile -t p2p-escrow-web .
# One build serves any deployment: the API and RPC URLs are read from the server's environment per
# request (web/src/config/runtime.ts), so nothing deployment-specific is baked in.
# test/prod/production-start.test.ts runs this image's command outside a container: keep the final
# stage's WORKDIR, ENV, ENTRYPOINT and CMD in plain exec form, without variable references.
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

FROM ${NODE_IMAGE} AS base
RUN npm install --global --no-fund --no-audit pnpm@10.34.8
WORKDIR /app

FROM base AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.json ./
COPY contracts/package.json contracts/
COPY protocol/package.json protocol/
COPY indexer/package.json indexer/
COPY api/package.json api/
COPY web/package.json web/
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile --filter "@p2p-escrow/web..."
COPY contracts/ contracts/
COPY protocol/ protocol/
COPY web/ web/
# `next build` typechecks the app; server.ts is checked with it (web/tsconfig.json).
RUN pnpm --filter @p2p-escrow/web exec tsc -p tsconfig.json && pnpm --filter @p2p-escrow/web run build
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --prod --frozen-lockfile --offline --filter "@p2p-escrow/web..."

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
COPY --from=build /app /app
ENV NODE_ENV=production
ENV NEXT_TELEMETRY_DISABLED=1
ENV WEB_HOST=0.0.0.0
ENV WEB_PORT=3000
USER node
WORKDIR /app/web
EXPOSE 3000
ENTRYPOINT ["node"]
CMD ["server.ts"]
