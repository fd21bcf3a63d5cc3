# syntax=docker/dockerfile:1
# The indexer image: `ponder start` on the Ponder app in indexer/ (docs/operating.md). Build from
# the repository root:
#   docker build -f deploy/indexer.Dockerfile -t p2p-escrow-indexer .
# Ponder has no build step of its own: `ponder start` bundles the config, schema and handlers with
# Vite as it starts, so the image holds the typechecked sources and the production dependencies.
# Each indexer version writes its own schema (DATABASE_SCHEMA); it does not publish the views
# schema itself: the views step (compose.yaml's indexer-views) or `pnpm indexer:rollout` does, once
# it has caught up (docs/indexer-rollout.md).
# test/prod/production-start.test.ts runs this image's command outside a container: keep the final
# stage's WORKDIR, ENV, ENTRYPOINT and CMD in plain exec form, without variable references.
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

FROM ${NODE_IMAGE} AS base
RUN npm install --global --no-fund --no-audit pnpm@10.34.8
WORKDIR /app

FROM base AS build
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.json ./
COPY contracts/package.json contracts/
COPY protocol/package.json protocol/
COPY indexer/package.json indexer/
COPY api/package.json api/
COPY web/package.json web/
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile --filter "@p2p-escrow/indexer..."
COPY contracts/ contracts/
COPY indexer/ indexer/
RUN pnpm exec tsc -p indexer/tsconfig.json
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --prod --frozen-lockfile --offline --filter "@p2p-escrow/indexer..."

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# Ponder writes its build cache (.ponder/) and generated types (generated/) beside the app.
COPY --from=build --chown=node:node /app /app
ENV NODE_ENV=production
ENV PORT=42069
ENV PONDER_TELEMETRY_DISABLED=true
USER node
WORKDIR /app/indexer
EXPOSE 42069
ENTRYPOINT ["/app/indexer/node_modules/.bin/ponder"]
CMD ["start", "--hostname", "0.0.0.0"]
