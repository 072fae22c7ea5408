# taizhang's three images, one target each: the API, the worker and the admin app. Build context: the repository root.
#   docker build --target api --build-arg APP=api -t taizhang-api .            (or: docker compose build api)
#   docker build --target worker --build-arg APP=worker -t taizhang-worker .   (docker compose build worker)
#   docker build --target admin --build-arg APP=admin -t taizhang-admin .      (docker compose build admin)
# APP is the Nx project the build stage builds; the target of the same name is the image that runs it.

# ---- build: install everything, build APP (the API and the worker: bundled with webpack, node_modules stay
# external; the admin app: Angular, into dist/apps/admin/browser) ----
FROM node:20-bookworm-slim AS build
ARG APP
RUN test -n "${APP}" || { echo 'give the app to build: --build-arg APP=api|worker|admin' >&2; exit 1; }
WORKDIR /app
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI=true NG_CLI_ANALYTICS=false
COPY package.json package-lock.json ./
# --ignore-scripts: the same as package.json's allowScripts (no install script runs on a developer machine
# either); every native piece (nx, esbuild, argon2, msgpackr, lmdb) ships as a prebuilt per-platform package.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx nx build ${APP} --output-style=static

# ---- runtime: the production dependencies, run as the unprivileged `node` user; each target adds its app ----
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
USER node

# ---- api (APP=api) ----
FROM runtime AS api
ENV PORT=3000
COPY --from=build /app/dist/apps/api dist/apps/api
EXPOSE 3000
# node:20 images have no curl; Node's own fetch does the check.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "dist/apps/api/main.js"]

# ---- worker (APP=worker): BullMQ processors, outbox relay, deadline sweep ----
# It serves no HTTP; start it after the API, which runs the database migrations.
FROM runtime AS worker
COPY --from=build /app/dist/apps/worker dist/apps/worker
CMD ["node", "dist/apps/worker/main.js"]

# ---- admin (APP=admin): served by tools/serve-admin.mjs, which also proxies /api to API_URL; what it imports
# (Express, compression, helmet, http-proxy-middleware) is among the production dependencies ----
FROM runtime AS admin
ENV ADMIN_PORT=4200 API_URL=http://api:3000
COPY tools/serve-admin.mjs tools/lib.mjs tools/
COPY --from=build /app/dist/apps/admin dist/apps/admin
EXPOSE 4200
CMD ["node", "tools/serve-admin.mjs"]
