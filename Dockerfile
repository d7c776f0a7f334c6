# The webhook relay (`mlops relay`) as a container. Build from a checkout (dist/ is committed):
#   docker build -t mlops-relay .
# Run (the queue lives in the volume; secrets and settings come from the environment):
#   docker run -d --name mlops-relay -p 8080:8080 -v mlops-relay:/data \
#     -e MLFLOW_WEBHOOK_SECRET -e GITHUB_TOKEN -e MLFLOW_TRACKING_URI \
#     mlops-relay --github-repo acme/vision --workflow evaluate.yml

# The relay's bundle needs one module beside it: better-sqlite3, native. The full image has the compilers for when
# no prebuilt binary matches; only the installed module goes on.
FROM node:24-bookworm AS modules
WORKDIR /opt/mlops
RUN npm install --omit=dev --no-save --no-package-lock --no-audit --no-fund better-sqlite3@12.6.2

FROM node:24-bookworm-slim
WORKDIR /opt/mlops
COPY --from=modules /opt/mlops/node_modules ./node_modules
COPY dist/relay ./dist/relay
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/opt/mlops/dist/relay/index.js", "--host", "0.0.0.0", "--port", "8080", "--data", "/data"]
