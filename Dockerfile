# accessgraph: the API server and the dashboard in one image, running as a non-root user.
# Stages: build (full install, builds the web app and the CLI/server bundle) → prod-deps
# (production dependencies only) → runtime (the compiled bundle, the built web app, nothing else:
# no TypeScript, nothing transpiled at run time). Node 24 (LTS).
# Build: docker build -t accessgraph:0.1.0 .
FROM node:24-bookworm-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH
# The pnpm major the lockfile was written with (corepack would pick one from no packageManager field).
RUN npm i -g pnpm@12
WORKDIR /app
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json ./
COPY packages/model/package.json packages/model/
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/

FROM base AS build
RUN pnpm install --frozen-lockfile --filter @accessgraph/web... --filter @accessgraph/api...
COPY packages/model packages/model
COPY apps/web apps/web
COPY apps/api apps/api
RUN pnpm --filter @accessgraph/web run build && pnpm --filter @accessgraph/api run build

FROM base AS prod-deps
RUN pnpm install --frozen-lockfile --prod --filter @accessgraph/api...

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/apps/api/node_modules ./apps/api/node_modules
COPY apps/api/package.json apps/api/
COPY apps/api/bin apps/api/bin
COPY --from=build /app/apps/api/dist apps/api/dist
# The bundled demo cluster (`serve --demo`, `matrix --demo`) is read from disk.
COPY apps/api/demo apps/api/demo
COPY --from=build /app/apps/web/dist apps/web/dist
USER 10001:10001
EXPOSE 7420
ENTRYPOINT ["node", "apps/api/bin/accessgraph.mjs"]
CMD ["serve", "--in-cluster", "--host", "0.0.0.0", "--port", "7420"]
