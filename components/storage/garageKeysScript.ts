// The bootstrap's key steps (POSIX sh): each consumer's key imported once and granted read and
// write on every bucket, and the keys of consumers no longer configured deleted. Keys this Job
// manages are named `lakehouse/<consumer>`, so keys made by hand are never touched. Deleting
// rather than revoking: Garage's DeleteKey also drops every bucket permission of the key, the
// consumer's Secret is gone with the consumer, and a key left behind is a live credential that
// any copy of it still opens. No key id or secret is ever printed.

/** The name of a key the bootstrap manages: `lakehouse/trino`. */
export const MANAGED_KEY_PREFIX = "lakehouse/";

export const GARAGE_KEY_FUNCTIONS = String.raw`
ensure_key() { # CONSUMER ACCESS_KEY_ID SECRET_ACCESS_KEY
  name="${MANAGED_KEY_PREFIX}$1"
  if [ "$(status "/v2/GetKeyInfo?id=$2")" != 200 ]; then
    printf '{"name":"%s","accessKeyId":"%s","secretAccessKey":"%s"}' "$name" "$2" "$3" | api POST /v2/ImportKey > /dev/null
    echo "key of $1: imported"
    return
  fi
  info=$(api GET "/v2/GetKeyInfo?id=$2")
  if printf '%s' "$info" | grep -q '^{"name":"'"$name"'"'; then
    echo "key of $1: present"
  else
    # Imported before keys carried the managed name: named now, so a later removal finds it.
    printf '{"name":"%s"}' "$name" | api POST "/v2/UpdateKey?id=$2" > /dev/null
    echo "key of $1: present, renamed $name"
  fi
}

ensure_access() { # CONSUMER ACCESS_KEY_ID BUCKET: read and write, not owner
  info=$(api GET "/v2/GetBucketInfo?globalAlias=$3")
  if printf '%s' "$info" | grep -q '"accessKeyId":"'"$2"'","name":"[^"]*","permissions":{"read":true,"write":true'; then
    echo "access of $1 to $3: present"; return
  fi
  bucket=$(printf '%s' "$info" | grep -o '^{"id":"[0-9a-f]*' | grep -o '[0-9a-f]*$')
  printf '{"bucketId":"%s","accessKeyId":"%s","permissions":{"read":true,"write":true,"owner":false}}' "$bucket" "$2" | api POST /v2/AllowBucketKey > /dev/null
  echo "access of $1 to $3: granted"
}

prune_keys() { # ACCESS_KEY_ID...: deletes every managed key but these
  keys=$(api GET /v2/ListKeys)
  printf '%s' "$keys" \
    | grep -o '{"id":"[^"]*","name":"${MANAGED_KEY_PREFIX}[^"]*"' \
    | sed 's|^{"id":"\([^"]*\)","name":"${MANAGED_KEY_PREFIX}\([^"]*\)"|\1 \2|' \
    | while read -r id consumer; do
        case " $* " in *" $id "*) continue ;; esac
        api POST "/v2/DeleteKey?id=$id" < /dev/null > /dev/null
        echo "key of $consumer: deleted, no longer a consumer"
      done
}
`;
