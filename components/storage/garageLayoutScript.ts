// The bootstrap's layout step (POSIX sh, busybox tools: the curl image has no jq). It converges
// Garage's cluster layout on the config at every run: each node of the StatefulSet (NODE_IDS)
// with ZONE and CAPACITY, and no other node. Changes are staged in one UpdateClusterLayout call and
// applied once as version current + 1, and only when something differs, so a re-run applies
// nothing. Garage's admin API v2 answers compact JSON in its structs' field order:
// GetClusterLayout is {"version":N,"roles":[{"id","zone","capacity",...}],...,
// "stagedRoleChanges":[...],"stagedParameters":...}.

export const GARAGE_LAYOUT_FUNCTIONS = String.raw`
current_roles() { # LAYOUT: one "ID ZONE CAPACITY" line per role (staged changes share the shape: cut first)
  printf '%s' "$1" | sed 's/"stagedRoleChanges".*//' \
    | grep -o '{"id":"[0-9a-f]*","zone":"[^"]*","capacity":[0-9a-z]*' \
    | sed 's/^{"id":"\([0-9a-f]*\)","zone":"\([^"]*\)","capacity":/\1 \2 /'
}

has_staged_changes() { # LAYOUT
  ! printf '%s' "$1" | grep -q '"stagedRoleChanges":\[\],"stagedParameters":null'
}

ensure_layout() {
  layout=$(api GET /v2/GetClusterLayout)
  # Changes staged by hand and never applied would be applied along with ours: the config alone decides.
  if has_staged_changes "$layout"; then
    api POST /v2/RevertClusterLayout < /dev/null > /dev/null
    echo "layout: discarded changes staged outside this Job"
    layout=$(api GET /v2/GetClusterLayout)
  fi
  version=$(printf '%s' "$layout" | grep -o '^{"version":[0-9]*' | grep -o '[0-9]*$') || version=""
  if [ -z "$version" ]; then echo "layout: GetClusterLayout answered without a version" >&2; exit 1; fi
  roles=$(current_roles "$layout")
  changes=""; sep=""
  for id in $NODE_IDS; do
    if printf '%s\n' "$roles" | grep -qxF "$id $ZONE $CAPACITY"; then continue; fi
    changes="$changes$sep$(printf '{"id":"%s","zone":"%s","capacity":%s,"tags":[]}' "$id" "$ZONE" "$CAPACITY")"; sep=","
    printf 'layout: node %.16s gets zone %s, capacity %s\n' "$id" "$ZONE" "$CAPACITY"
  done
  # A node gone from the StatefulSet keeps its share of partitions while it is in the layout, so
  # those have a copy fewer; removed, its share goes to the remaining nodes, copied from the others.
  for id in $(printf '%s\n' "$roles" | cut -d ' ' -f 1); do
    case " $NODE_IDS " in *" $id "*) continue ;; esac
    changes="$changes$sep$(printf '{"id":"%s","remove":true}' "$id")"; sep=","
    printf 'layout: node %.16s removed, no longer in the StatefulSet\n' "$id"
  done
  if [ -z "$changes" ]; then echo "layout: version $version matches the config"; return; fi
  printf '{"roles":[%s]}' "$changes" | api POST /v2/UpdateClusterLayout > /dev/null
  printf '{"version":%s}' "$((version + 1))" | api POST /v2/ApplyClusterLayout > /dev/null
  echo "layout: version $((version + 1)) applied"
}
`;
