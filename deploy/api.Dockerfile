# syntax=docker/dockerfile:1
# The API image (docs/operating.md). Build from the repository root:
#   docker build -f deploy/api.Dockerfile -t p2p-escrow-api .
# Node 22 runs the TypeScript sources as they are (type stripping), so the "build" is a typecheck
# and a production-only install; the workspace layout is kept because Node strips types only
# outside node_modules, and the workspace packages are reached through pnpm's symlinks.
# test/prod/production-start.test.ts runs this image's command outside a container: keep the final
# stage's WORKDIR, ENV, ENTRYPOINT and CMD in plain exec form, without variable references.
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

FROM ${NODE_IMAGE} AS base
RUN npm install --global --no-fund --no-audit pnpm@10.34.8
WORKDIR /app

# Dependencies from the lockfile alone, so a change of source reuses this layer.
FROM base AS build
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.json ./
COPY contracts/package.json contracts/
COPY protocol/package.json protocol/
COPY indexer/package.json indexer/
COPY api/package.json api/
COPY web/package.json web/
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile --filter "@p2p-escrow/api..."
COPY contracts/ contracts/
COPY protocol/ protocol/
COPY indexer/ indexer/
COPY api/ api/
# Node runs these files unchanged: the typecheck is what a compile step would have caught.
RUN pnpm exec tsc -p api/tsconfig.json
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --prod --frozen-lockfile --offline --filter "@p2p-escrow/api..."

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
COPY --from=build /app /app
ENV NODE_ENV=production
ENV API_HOST=0.0.0.0
ENV API_PORT=4000
# Prometheus scrapes each process on its own listener, never through the public port (docs/metrics.md).
ENV API_METRICS_HOST=0.0.0.0
ENV API_METRICS_PORT=9464
USER node
WORKDIR /app/api
EXPOSE 4000 9464
ENTRYPOINT ["node"]
CMD ["src/server.ts"]
