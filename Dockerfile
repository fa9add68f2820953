# syntax=docker/dockerfile:1
# One image for the four services (gateway, signer, receipts, registry) and for the one-shot
# `token` job of docker-compose.yml; the service is chosen by the command. Build: docker build -t tks .

############################ build: dependencies, TypeScript, then production-only node_modules
FROM node:20-bookworm AS build
WORKDIR /app
# Full bookworm image: python3, make and g++ are there for the native modules (pkcs11js, libxmljs2).
# The workspace manifest and the dependency patches are needed by `npm ci` itself.
COPY package.json package-lock.json ./
COPY cli/package.json cli/
COPY patches patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

############################ runtime
FROM node:20-bookworm
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends softhsm2 opensc libengine-gost-openssl openssl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY --from=build /app /app

# Shared state lives on volumes (see docker-compose.yml). The directories are made here so that the
# named volumes, on first mount, take this ownership and the unprivileged user can write them.
ENV NODE_ENV=production \
    TKS_LOCAL=/var/lib/tks \
    SOFTHSM2_CONF=/var/lib/tks/softhsm/softhsm2.conf \
    PKCS11_LIBRARY=/usr/lib/softhsm/libsofthsm2.so \
    PKCS11_TOKEN_LABEL=tks \
    PKCS11_PIN_FILE=/var/lib/tks/softhsm/user.pin \
    TKS_PKI_DIR=/var/lib/tks/softhsm/pki \
    DOCUMENT_STORE_DIR=/var/lib/tks/documents
RUN mkdir -p /var/lib/tks/softhsm /var/lib/tks/documents \
 && chown -R node:node /var/lib/tks
USER node

EXPOSE 3000
# Overridden per service in docker-compose.yml.
CMD ["node", "-r", "./scripts/register-paths.js", "dist/services/gateway/src/main.js"]
