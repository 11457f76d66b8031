# syntax=docker/dockerfile:1
# The apinizer-keys CLI as a container image: `docker run IMAGE plan -f /work/apinizer-keys.yaml`.
#
# Base: the official Node.js image on Alpine, Node 26 (the current LTS since 2026-10-28).
# Pinned by tag here; for reproducible builds also pin the digest your registry serves for it,
# e.g. NODE_IMAGE=node:26-alpine3.24@sha256:<digest> (build-arg), and let a bot bump both.
ARG NODE_IMAGE=node:26-alpine3.24

# 1. Build: all dependencies from the lock file (no install scripts), then tsc and the validators.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build-validators.mjs scripts/
COPY schemas schemas
COPY src src
RUN npm run build && find dist -name '*.map' -delete && rm -rf dist/action

# 2. Production dependencies only, from the same lock file.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# 3. Runtime: node, the built CLI, its production dependencies and the schemas; no npm, no root.
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="apinizer-keys" \
      org.opencontainers.image.description="Plan and apply the crypto keys of Apinizer projects from a desired-state YAML" \
      org.opencontainers.image.licenses="MIT"
# The package managers are not needed to run the CLI: fewer tools, fewer CVEs to triage.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
           /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules node_modules
COPY --from=build --chown=root:root /src/dist dist
COPY --chown=root:root package.json ./
COPY --chown=root:root schemas schemas
# `apinizer-keys` on the PATH too, for CI systems that run a shell in the image (GitLab).
RUN chmod 0755 /app/dist/cli.js && ln -s /app/dist/cli.js /usr/local/bin/apinizer-keys
# The desired-state files are mounted here (read-only is enough; --out needs a writable path).
WORKDIR /work
# "node" (uid 1000) comes with the base image; numeric, so runAsNonRoot can check it.
USER 1000:1000
ENTRYPOINT ["node", "/app/dist/cli.js"]
CMD ["--help"]
