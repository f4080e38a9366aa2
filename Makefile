# kiln — build, test and demo. `make test` and `make demo` work on a fresh Debian/Ubuntu machine
# with only Swift installed: `deps` installs the C libraries and test peers when they are missing.

SWIFT       ?= swift
CONFIG      ?= debug
BUILD_FLAGS ?=
KILN        := .build/$(CONFIG)/kiln
LAB         := .build/$(CONFIG)/kiln-lab
LAB_DIR     ?= .kiln-lab
# The official PVE API schema, when the shared reference data is next to the project: the demo's
# lab then refuses every request real Proxmox VE would refuse.
PVE_SCHEMA  := $(wildcard ../shared/ref/pve-api-schema.json)
# Talos's config schemas: the lab's Talos nodes then refuse any config Talos's schema rejects.
TALOS_SCHEMA := $(if $(wildcard ../shared/ref/talos-config.schema.json),../shared/ref)

# C libraries kiln links, and the real peers its tests talk to.
DEV_PACKAGES  := libcurl4-openssl-dev libssl-dev libssh2-1-dev zlib1g-dev pkg-config
PEER_PACKAGES := openssh-server openssh-client openssl nghttp2-server curl
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build test demo bench proto clean

all: build

## deps: install missing system packages (apt-get update runs at most once, only when needed)
deps:
	@missing=""; \
	for p in $(DEV_PACKAGES) $(PEER_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null; then \
	    echo "kiln needs:$$missing (no apt-get here: install them with your package manager)"; exit 1; \
	  fi; \
	  echo "installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

## build: compile kiln (and its tests' dependencies)
build: deps
	$(SWIFT) build -c $(CONFIG) $(BUILD_FLAGS)

## test: everything CI runs
test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

## demo: build, start the lab (a Proxmox VE look-alike on 127.0.10.1:8006 whose VMs boot Talos
## nodes) in the background, apply plans/lab.yaml to it (VMs, configs, etcd bootstrap, kubeconfig),
## and show that a second plan has nothing to do
demo: build
	$(KILN) validate --summary plans/*.yaml
	@$(LAB) down --dir $(LAB_DIR) >/dev/null 2>&1 || true
	$(LAB) up --dir $(LAB_DIR) --config lab/demo.json --detach $(if $(PVE_SCHEMA),--pve-schema $(PVE_SCHEMA)) $(if $(TALOS_SCHEMA),--talos-schema $(TALOS_SCHEMA))
	@eval "$$($(LAB) env --dir $(LAB_DIR))" && \
	  $(KILN) apply --auto-approve plans/lab.yaml && \
	  echo && echo "+ kiln plan plans/lab.yaml" && $(KILN) plan plans/lab.yaml && \
	  echo && curl -sk "$${PROXMOX_VE_ENDPOINT}lab/requests" | \
	    sed -n 's/.*"rejectedBySchema":\([0-9]*\).*/requests the PVE schema refused: \1/p' && \
	  echo && echo "The lab's Talos nodes:" && curl -sk "$${PROXMOX_VE_ENDPOINT}lab/talos" | tr '{' '\n' | \
	    sed -n 's/.*"address":"\([^"]*\)".*"bootstrapAccepted":\([0-9]*\).*"etcdMember":\([a-z]*\).*"phase":"\([^"]*\)".*"role":"\([^"]*\)".*/  \1  \5  \4  etcd member: \3  bootstraps accepted: \2/p' && \
	  echo && ls -l .kiln/lab/kubeconfig .kiln/lab/talosconfig
	@echo
	@echo "The lab keeps running. To look at it and stop it:"
	@echo "  eval \"\$$($(LAB) env --dir $(LAB_DIR))\"   # PROXMOX_VE_* for this shell"
	@echo "  $(KILN) status plans/lab.yaml"
	@echo "  kubectl config view --kubeconfig .kiln/lab/kubeconfig    # the cluster's admin kubeconfig"
	@echo "  talosctl --talosconfig .kiln/lab/talosconfig -n 127.0.10.11 version   # if talosctl is installed"
	@echo "  curl -sk -H \"Authorization: PVEAPIToken=\$$PROXMOX_VE_API_TOKEN\" \$${PROXMOX_VE_ENDPOINT}api2/json/cluster/resources"
	@echo "  $(KILN) destroy plans/lab.yaml      # removes the VMs"
	@echo "  $(LAB) down --dir $(LAB_DIR)          # stops the lab"

## bench: performance measurements, printed as a table. The proxmox suite runs the real kiln and
## kiln-lab programs, so they are built too (one --product per `swift build`: it takes only one).
bench: deps
	$(SWIFT) build -c release --product kiln $(BUILD_FLAGS)
	$(SWIFT) build -c release --product kiln-lab $(BUILD_FLAGS)
	$(SWIFT) build -c release --product kiln-bench $(BUILD_FLAGS)
	.build/release/kiln-bench

## proto: regenerate Sources/KilnTalosAPI/Generated from Sources/KilnTalosAPI/Proto. Not part of
## build or test: the generated code is committed, because the plugin takes minutes to build.
## The plugin is built from the swift-protobuf this package resolved, so code and runtime match.
TALOS_API       := Sources/KilnTalosAPI
TALOS_PROTOS    := machine/machine.proto common/common.proto google/rpc/status.proto
PROTOC_GEN_SWIFT := .build/release/protoc-gen-swift
# google/protobuf/{any,duration,empty}.proto from that same checkout: no libprotobuf-dev needed.
WELL_KNOWN_PROTOS := .build/checkouts/swift-protobuf/Protos/Sources/SwiftProtobuf
proto:
	@command -v protoc >/dev/null || { \
	  if ! command -v apt-get >/dev/null; then echo "make proto needs protoc (protobuf-compiler)"; exit 1; fi; \
	  echo "installing: protobuf-compiler"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends protobuf-compiler >/dev/null; }
	$(SWIFT) build -c release --product protoc-gen-swift $(BUILD_FLAGS)
	rm -f $(TALOS_API)/Generated/*.pb.swift
	cd $(TALOS_API)/Proto && protoc --plugin=protoc-gen-swift=$(CURDIR)/$(PROTOC_GEN_SWIFT) \
	  -I . -I $(CURDIR)/$(WELL_KNOWN_PROTOS) --swift_out=../Generated \
	  --swift_opt=Visibility=Public --swift_opt=FileNaming=PathToUnderscores $(TALOS_PROTOS)

clean:
	rm -rf .build
