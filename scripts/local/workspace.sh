# Sourced by the local scripts: the Pulumi workspace of the `local` stack under $LOCAL_DIR, whose
# Pulumi.yaml runs this repository's program. The stack file is copied from the repository on
# every run; the encryption salt the CLI added to the copy is kept, so the state stays readable.
mkdir -p "$LOCAL_DIR/state" "$LOCAL_DIR/workspace"
WORKSPACE=$LOCAL_DIR/workspace
if [ ! -s "$LOCAL_DIR/passphrase" ]; then
  (umask 077 && head -c 32 /dev/urandom | base64 > "$LOCAL_DIR/passphrase")
fi
export PULUMI_CONFIG_PASSPHRASE_FILE=$LOCAL_DIR/passphrase
export PULUMI_BACKEND_URL=file://$LOCAL_DIR/state
cat > "$WORKSPACE/Pulumi.yaml" <<YAML
name: lakehouse
runtime:
  name: nodejs
  options:
    typescript: true
    tsconfig: $REPO/scripts/tsconfig.pulumi.json
main: $REPO
YAML
# The toolchain's language host (sdk 3.68) does not read runtime options from the engine: the
# variable a current host sets from tsconfig (scripts/pulumiToolchain.ts, HOST_RUNTIME_OPTIONS).
export PULUMI_NODEJS_TSCONFIG_PATH=$REPO/scripts/tsconfig.pulumi.json
salt=$(grep '^encryptionsalt:' "$WORKSPACE/Pulumi.local.yaml" 2>/dev/null || true)
{ [ -z "$salt" ] || echo "$salt"; cat "$REPO/Pulumi.local.yaml"; } > "$WORKSPACE/Pulumi.local.yaml.new"
mv "$WORKSPACE/Pulumi.local.yaml.new" "$WORKSPACE/Pulumi.local.yaml"
ln -sfn "$REPO/node_modules" "$WORKSPACE/node_modules"
