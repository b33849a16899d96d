# syntax=docker/dockerfile:1
# One image for Kefu's worker, GraphQL API and `kefu` CLI. Build: docker build -t kefu .
#   API (default): node --import tsx api/main.ts
#   worker:        node --import tsx workers/main.ts
#   CLI:           node --import tsx scripts/kefu.ts <command>   (migrate, setup, keys, import, replay)
# Started with node itself, not npm: npm does not pass SIGTERM on, and the worker must drain on it.

# Node 24 is the active LTS line; the code runs on Node 20.19+ too.
ARG NODE_IMAGE=node:24.11.1-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lock file changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The workflows are bundled here once, so a worker starts without webpack and every replica runs the same code.
RUN node --import tsx scripts/bundle-workflows.ts dist/workflow-bundle.js \
  && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf test bench docs deploy .ci scripts/compose-check

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    KEFU_ENV=production \
    KEFU_API_HOST=0.0.0.0 \
    KEFU_API_PORT=4000 \
    KEFU_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
WORKDIR /app
# Owned by root and read-only to the process: the app writes nothing beside its code (tsx caches in /tmp).
COPY --from=build /app /app
USER node
EXPOSE 4000
CMD ["node", "--import", "tsx", "api/main.ts"]
