# One image for the API (`sentinel serve`) and the agent (`sentinel-agent`).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY agent/package.json agent/package.json
COPY scripts scripts
COPY prisma prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run generate
USER node
EXPOSE 4000
# A 64 MB young generation: reports wait about 100 ms in group commit, so with the
# default size the garbage collector copied them again and again (bench/ingest/RESULTS.md).
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "src/cli.ts", "serve"]
