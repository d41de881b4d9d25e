# The faassim image for the batch engines ("faassim batch k8s|slurm|aws-batch"):
#   docker build -t REGISTRY/faassim:VERSION .
# A static binary (CGO_ENABLED=0: no libc to match) on distroless static,
# which holds CA certificates, time zones and a non-root user (65532) and
# no shell: the manifests start faassim directly.

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so that a change to the source reuses their layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/faassim ./cmd/faassim

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/faassim /usr/local/bin/faassim
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/faassim"]
