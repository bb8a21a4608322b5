# syntax=docker/dockerfile:1
# Knowpay in a container: `docker build -t knowpay .`, then run it against external PostgreSQL and Redis
# (README, "Running in production"). Three stages: build with the dev dependencies, install the runtime
# dependencies alone, and a small non-root image with the compiled code.

# --- build: compile the server (tsc) and the admin panel (Vite), and train the default audit model once,
# so containers load it in a second instead of training it for 40 s each at their first start.
# npm 11, as in development and CI: it honours package.json's allowScripts (no install script runs unless allowed,
# e.g. tfjs-node-gpu's libtensorflow download), which npm 10 of the node:20 image would ignore.
FROM node:20.20-bookworm-slim AS npm11
RUN npm install -g npm@11.19.1 --no-audit --no-fund

FROM npm11 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# (`ml moderate` scores with the model a fresh server serves, building it into build/audit-model first.)
RUN npm run build \
 && printf 'id,text\n1,hello\n' > /tmp/probe.csv \
 && node dist/src/ml/cli.js moderate --input /tmp/probe.csv > /dev/null \
 && ls build/audit-model

# --- runtime dependencies only (no TypeScript, Vite, jest): what `npm ci --omit=dev` installs.
FROM npm11 AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- the image: compiled code, runtime dependencies, the cached audit model; runs as the unprivileged `node` user.
FROM node:20.20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/scripts ./scripts
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/admin-ui/dist ./admin-ui/dist
COPY --from=build --chown=node:node /app/build/audit-model ./build/audit-model
USER node
EXPOSE 4000
# /readyz: 200 while the database (and Redis, when REDIS_URL is set) answer and the instance is not draining.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# node directly (not npm start): signals reach the server, and nothing tries to build in production.
CMD ["node", "dist/src/main.js"]
