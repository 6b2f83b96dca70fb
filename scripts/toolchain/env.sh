# Source this file (". scripts/toolchain/env.sh") to use the toolchain built by
# scripts/toolchain/build.sh: its bin dir goes first on PATH, and Pulumi runs
# fully offline (no update check, no plugin downloads; plugins were registered
# into PULUMI_HOME by build.sh).
LAKEHOUSE_TOOLCHAIN_DIR=${LAKEHOUSE_TOOLCHAIN_DIR:-$HOME/.cache/lakehouse-toolchain}
export LAKEHOUSE_TOOLCHAIN_DIR

case ":$PATH:" in
  *":$LAKEHOUSE_TOOLCHAIN_DIR/bin:"*) ;;
  *) export PATH="$LAKEHOUSE_TOOLCHAIN_DIR/bin:$PATH" ;;
esac

export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# Plugins (resource-kubernetes-v4.32.0, resource-random-v4.21.1) live here; an
# already-set PULUMI_HOME is respected.
export PULUMI_HOME=${PULUMI_HOME:-$LAKEHOUSE_TOOLCHAIN_DIR/pulumi-home}
# Use those registered plugins, not the pulumi-resource-* binaries that are also
# on PATH (same builds; this only avoids a warning per plugin and keeps the
# version the program asks for authoritative).
export PULUMI_IGNORE_AMBIENT_PLUGINS=true
# Automation API: skip its check of the CLI version against the SDK's minimum.
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true
