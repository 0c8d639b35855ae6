# bash completion for spice-cloud
# Generated from the command tree by `npm run completions`; do not edit.
#
# Install for your user:
#   spice-cloud completion bash > ~/.local/share/bash-completion/completions/spice-cloud
# or load it from ~/.bashrc:
#   source <(spice-cloud completion bash)
#
# App names and regions come from the API (`spice-cloud __complete apps|regions`, which
# gives up silently after 2 seconds), using the --profile, --api-url and --org on the line.

# Canonical path of subcommand $2 under command path $1 (aliases resolve); status 1 if none.
__spice_cloud_child() {
  case "$1|$2" in
    '|auth') REPLY='auth' ;;
    '|apps') REPLY='apps' ;;
    '|deploy') REPLY='deploy' ;;
    '|deployments') REPLY='deployments' ;;
    '|secrets') REPLY='secrets' ;;
    '|keys') REPLY='keys' ;;
    '|members') REPLY='members' ;;
    '|orgs') REPLY='orgs' ;;
    '|sql') REPLY='sql' ;;
    '|datasets') REPLY='datasets' ;;
    '|models') REPLY='models' ;;
    '|runtime') REPLY='runtime' ;;
    '|regions') REPLY='regions' ;;
    '|images') REPLY='images' ;;
    '|search') REPLY='search' ;;
    '|chat') REPLY='chat' ;;
    '|nsql') REPLY='nsql' ;;
    '|health') REPLY='health' ;;
    '|link') REPLY='link' ;;
    '|unlink') REPLY='unlink' ;;
    '|api') REPLY='api' ;;
    '|doctor') REPLY='doctor' ;;
    '|completion') REPLY='completion' ;;
    '|commands') REPLY='commands' ;;
    '|emulator') REPLY='emulator' ;;
    '|help') REPLY='help' ;;
    'auth|login') REPLY='auth login' ;;
    'auth|status') REPLY='auth status' ;;
    'auth|logout') REPLY='auth logout' ;;
    'auth|whoami') REPLY='auth whoami' ;;
    'apps|list'|'apps|ls') REPLY='apps list' ;;
    'apps|get'|'apps|view') REPLY='apps get' ;;
    'apps|create') REPLY='apps create' ;;
    'apps|update') REPLY='apps update' ;;
    'apps|delete'|'apps|rm') REPLY='apps delete' ;;
    'apps|fork') REPLY='apps fork' ;;
    'apps|forks') REPLY='apps forks' ;;
    'apps|metrics') REPLY='apps metrics' ;;
    'deployments|list'|'deployments|ls') REPLY='deployments list' ;;
    'deployments|get') REPLY='deployments get' ;;
    'deployments|watch') REPLY='deployments watch' ;;
    'deployments|logs') REPLY='deployments logs' ;;
    'deployments|rollback') REPLY='deployments rollback' ;;
    'secrets|list'|'secrets|ls') REPLY='secrets list' ;;
    'secrets|get') REPLY='secrets get' ;;
    'secrets|set') REPLY='secrets set' ;;
    'secrets|delete'|'secrets|rm') REPLY='secrets delete' ;;
    'secrets|import') REPLY='secrets import' ;;
    'keys|get') REPLY='keys get' ;;
    'keys|regenerate') REPLY='keys regenerate' ;;
    'keys|rotate') REPLY='keys rotate' ;;
    'members|list'|'members|ls') REPLY='members list' ;;
    'members|get') REPLY='members get' ;;
    'members|add') REPLY='members add' ;;
    'members|update') REPLY='members update' ;;
    'members|remove'|'members|rm') REPLY='members remove' ;;
    'orgs|list'|'orgs|ls') REPLY='orgs list' ;;
    'datasets|list'|'datasets|ls') REPLY='datasets list' ;;
    'models|list'|'models|ls') REPLY='models list' ;;
    'runtime|status') REPLY='runtime status' ;;
    'regions|list'|'regions|ls') REPLY='regions list' ;;
    'images|list'|'images|ls') REPLY='images list' ;;
    'api|list') REPLY='api list' ;;
    'help|exit-codes') REPLY='help exit-codes' ;;
    'help|environment'|'help|env') REPLY='help environment' ;;
    *) return 1 ;;
  esac
}

# Value kind of option $2 at command path $1: '' (takes no value), @any, @file, @apps,
# @regions, or a space-separated list of words.
__spice_cloud_optarg() {
  case "$2" in
    '--format') REPLY='table tsv csv json ndjson'; return 0 ;;
    '--jq') REPLY='@any'; return 0 ;;
    '--fields') REPLY='@any'; return 0 ;;
    '--api-url') REPLY='@any'; return 0 ;;
    '--profile') REPLY='@any'; return 0 ;;
    '--org') REPLY='@any'; return 0 ;;
    '--timeout') REPLY='@any'; return 0 ;;
  esac
  case "$1|$2" in
    'apps create|--region') REPLY='@regions' ;;
    'apps create|--cluster') REPLY='@any' ;;
    'apps create|--description') REPLY='@any' ;;
    'apps create|--visibility') REPLY='public private' ;;
    'apps create|--tag') REPLY='@any' ;;
    'apps create|--replicas') REPLY='@any' ;;
    'apps create|--cpu') REPLY='@any' ;;
    'apps create|--memory') REPLY='@any' ;;
    'apps create|--ephemeral-storage') REPLY='@any' ;;
    'apps create|--storage-size') REPLY='@any' ;;
    'apps create|--executor-replicas') REPLY='@any' ;;
    'apps create|--executor-cpu') REPLY='@any' ;;
    'apps create|--executor-memory') REPLY='@any' ;;
    'apps create|--executor-storage-size') REPLY='@any' ;;
    'apps update|--description') REPLY='@any' ;;
    'apps update|--visibility') REPLY='public private' ;;
    'apps update|--production-branch') REPLY='@any' ;;
    'apps update|--tag') REPLY='@any' ;;
    'apps update|--untag') REPLY='@any' ;;
    'apps update|--spicepod') REPLY='@file' ;;
    'apps update|--image-tag') REPLY='@any' ;;
    'apps update|--image') REPLY='@any' ;;
    'apps update|--registry') REPLY='@any' ;;
    'apps update|--update-channel') REPLY='stable preview nightly' ;;
    'apps update|--region') REPLY='@regions' ;;
    'apps update|--cluster') REPLY='@any' ;;
    'apps update|--node-group') REPLY='@any' ;;
    'apps update|--replicas') REPLY='@any' ;;
    'apps update|--cpu') REPLY='@any' ;;
    'apps update|--memory') REPLY='@any' ;;
    'apps update|--ephemeral-storage') REPLY='@any' ;;
    'apps update|--storage-size') REPLY='@any' ;;
    'apps update|--executor-replicas') REPLY='@any' ;;
    'apps update|--executor-cpu') REPLY='@any' ;;
    'apps update|--executor-memory') REPLY='@any' ;;
    'apps update|--executor-storage-size') REPLY='@any' ;;
    'apps fork|--region') REPLY='@regions' ;;
    'apps fork|--cluster') REPLY='@any' ;;
    'apps metrics|--window') REPLY='@any' ;;
    'apps metrics|--watch') REPLY='@any' ;;
    'deploy|-a'|'deploy|--app') REPLY='@apps' ;;
    'deploy|--image-tag') REPLY='@any' ;;
    'deploy|--channel') REPLY='stable enterprise' ;;
    'deploy|--image') REPLY='@any' ;;
    'deploy|--replicas') REPLY='@any' ;;
    'deploy|--branch') REPLY='@any' ;;
    'deploy|--commit-sha') REPLY='@any' ;;
    'deploy|--commit-message') REPLY='@any' ;;
    'deployments list|-a'|'deployments list|--app') REPLY='@apps' ;;
    'deployments list|--limit') REPLY='@any' ;;
    'deployments list|--status') REPLY='queued in_progress succeeded failed created' ;;
    'deployments get|-a'|'deployments get|--app') REPLY='@apps' ;;
    'deployments watch|-a'|'deployments watch|--app') REPLY='@apps' ;;
    'deployments logs|-a'|'deployments logs|--app') REPLY='@apps' ;;
    'deployments logs|--since') REPLY='@any' ;;
    'deployments logs|--limit') REPLY='@any' ;;
    'deployments rollback|-a'|'deployments rollback|--app') REPLY='@apps' ;;
    'secrets list|-a'|'secrets list|--app') REPLY='@apps' ;;
    'secrets get|-a'|'secrets get|--app') REPLY='@apps' ;;
    'secrets set|-a'|'secrets set|--app') REPLY='@apps' ;;
    'secrets set|--from-file') REPLY='@file' ;;
    'secrets delete|-a'|'secrets delete|--app') REPLY='@apps' ;;
    'secrets import|-a'|'secrets import|--app') REPLY='@apps' ;;
    'secrets import|--concurrency') REPLY='@any' ;;
    'keys get|-a'|'keys get|--app') REPLY='@apps' ;;
    'keys regenerate|-a'|'keys regenerate|--app') REPLY='@apps' ;;
    'keys rotate|-a'|'keys rotate|--app') REPLY='@apps' ;;
    'keys rotate|--active') REPLY='@any' ;;
    'members add|-r'|'members add|--role') REPLY='owner admin member viewer' ;;
    'members update|-r'|'members update|--role') REPLY='owner admin member viewer' ;;
    'sql|-f'|'sql|--file') REPLY='@file' ;;
    'sql|--param') REPLY='@any' ;;
    'sql|-a'|'sql|--app') REPLY='@apps' ;;
    'sql|--endpoint') REPLY='@any' ;;
    'sql|--flight-endpoint') REPLY='@any' ;;
    'sql|--key') REPLY='@any' ;;
    'datasets list|-a'|'datasets list|--app') REPLY='@apps' ;;
    'datasets list|--endpoint') REPLY='@any' ;;
    'datasets list|--key') REPLY='@any' ;;
    'models list|-a'|'models list|--app') REPLY='@apps' ;;
    'models list|--endpoint') REPLY='@any' ;;
    'models list|--key') REPLY='@any' ;;
    'runtime status|-a'|'runtime status|--app') REPLY='@apps' ;;
    'runtime status|--endpoint') REPLY='@any' ;;
    'runtime status|--flight-endpoint') REPLY='@any' ;;
    'runtime status|--key') REPLY='@any' ;;
    'regions list|--env') REPLY='prod dev' ;;
    'images list|--channel') REPLY='stable enterprise' ;;
    'search|-d'|'search|--dataset') REPLY='@any' ;;
    'search|-l'|'search|--limit') REPLY='@any' ;;
    'search|-w'|'search|--where') REPLY='@any' ;;
    'search|-c'|'search|--column') REPLY='@any' ;;
    'search|-k'|'search|--keyword') REPLY='@any' ;;
    'search|-a'|'search|--app') REPLY='@apps' ;;
    'search|--endpoint') REPLY='@any' ;;
    'search|--key') REPLY='@any' ;;
    'chat|-m'|'chat|--model') REPLY='@any' ;;
    'chat|-s'|'chat|--system') REPLY='@any' ;;
    'chat|-t'|'chat|--temperature') REPLY='@any' ;;
    'chat|--stall-timeout') REPLY='@any' ;;
    'chat|-a'|'chat|--app') REPLY='@apps' ;;
    'chat|--endpoint') REPLY='@any' ;;
    'chat|--key') REPLY='@any' ;;
    'nsql|-m'|'nsql|--model') REPLY='@any' ;;
    'nsql|-d'|'nsql|--dataset') REPLY='@any' ;;
    'nsql|-a'|'nsql|--app') REPLY='@apps' ;;
    'nsql|--endpoint') REPLY='@any' ;;
    'nsql|--key') REPLY='@any' ;;
    'api|-X'|'api|--method') REPLY='GET POST PUT PATCH DELETE' ;;
    'api|-f'|'api|--raw-field') REPLY='@any' ;;
    'api|-F'|'api|--field') REPLY='@any' ;;
    'api|--input') REPLY='@file' ;;
    'api|-q'|'api|--query') REPLY='@any' ;;
    'api|--max-response') REPLY='@any' ;;
    'api|-H'|'api|--header') REPLY='@any' ;;
    'emulator|--host') REPLY='@any' ;;
    'emulator|--admin-token') REPLY='@any' ;;
    'emulator|--port') REPLY='@any' ;;
    'emulator|--state') REPLY='@file' ;;
    'emulator|--token') REPLY='@any' ;;
    'emulator|--client') REPLY='@any' ;;
    'emulator|--queued') REPLY='@any' ;;
    'emulator|--running') REPLY='@any' ;;
    'emulator|--rate-limit') REPLY='@any' ;;
    'emulator|--latency') REPLY='@any' ;;
    'emulator|--runtime-port') REPLY='@any' ;;
    'emulator|--flight-port') REPLY='@any' ;;
    'emulator|--flight-tls-cert') REPLY='@file' ;;
    'emulator|--flight-tls-key') REPLY='@file' ;;
    'emulator|--data-dir') REPLY='@file' ;;
    'emulator|--fault') REPLY='@any' ;;
    *) REPLY='' ;;
  esac
}

# Value kind of positional argument $2 (counted from 0) at command path $1.
__spice_cloud_arg() {
  case "$1|$2" in
    'apps get|'0) REPLY='@apps' ;;
    'apps create|'0) REPLY='@any' ;;
    'apps update|'0) REPLY='@apps' ;;
    'apps delete|'0) REPLY='@apps' ;;
    'apps fork|'0) REPLY='@apps' ;;
    'apps fork|'1) REPLY='@any' ;;
    'apps forks|'0) REPLY='@apps' ;;
    'apps metrics|'0) REPLY='@apps' ;;
    'deployments get|'0) REPLY='@any' ;;
    'deployments watch|'0) REPLY='@any' ;;
    'deployments logs|'0) REPLY='@any' ;;
    'deployments rollback|'0) REPLY='@any' ;;
    'secrets get|'0) REPLY='@any' ;;
    'secrets set|'0) REPLY='@any' ;;
    'secrets set|'*) REPLY='@any' ;;
    'secrets delete|'*) REPLY='@any' ;;
    'secrets import|'0) REPLY='@file' ;;
    'members get|'0) REPLY='@any' ;;
    'members add|'0) REPLY='@any' ;;
    'members update|'0) REPLY='@any' ;;
    'members remove|'0) REPLY='@any' ;;
    'sql|'0) REPLY='@any' ;;
    'search|'*) REPLY='@any' ;;
    'chat|'*) REPLY='@any' ;;
    'nsql|'*) REPLY='@any' ;;
    'link|'0) REPLY='@apps' ;;
    'api|'0) REPLY='@any' ;;
    'api list|'0) REPLY='@any' ;;
    'completion|'0) REPLY='bash zsh fish' ;;
    'help|'*) REPLY='@any' ;;
    *) REPLY='' ;;
  esac
}

# Subcommands of command path $1.
__spice_cloud_commands() {
  case "$1" in
    '') REPLY='auth apps deploy deployments secrets keys members orgs sql datasets models runtime regions images search chat nsql health link unlink api doctor completion commands emulator help' ;;
    'auth') REPLY='login status logout whoami' ;;
    'apps') REPLY='list get create update delete fork forks metrics' ;;
    'deployments') REPLY='list get watch logs rollback' ;;
    'secrets') REPLY='list get set delete import' ;;
    'keys') REPLY='get regenerate rotate' ;;
    'members') REPLY='list get add update remove' ;;
    'orgs') REPLY='list' ;;
    'datasets') REPLY='list' ;;
    'models') REPLY='list' ;;
    'runtime') REPLY='status' ;;
    'regions') REPLY='list' ;;
    'images') REPLY='list' ;;
    'api') REPLY='list' ;;
    'help') REPLY='exit-codes environment' ;;
    *) REPLY='' ;;
  esac
}

# Options accepted at command path $1.
__spice_cloud_options() {
  REPLY='--json --format --no-headers --jq --fields --api-url --profile --org --timeout --verbose --no-color --no-input -h --help'
  case "$1" in
    '') REPLY+=' -V --version' ;;
    'auth login') REPLY+=' --with-token --web --insecure-storage' ;;
    'apps create') REPLY+=' --region --cluster --description --visibility --tag --replicas --cpu --memory --ephemeral-storage --storage-size --executor-replicas --executor-cpu --executor-memory --executor-storage-size' ;;
    'apps update') REPLY+=' --description --visibility --production-branch --tag --untag --spicepod --image-tag --clear-image-tag --image --registry --update-channel --region --cluster --node-group --replicas --cpu --memory --ephemeral-storage --storage-size --executor-replicas --executor-cpu --executor-memory --executor-storage-size' ;;
    'apps delete') REPLY+=' -y --yes' ;;
    'apps fork') REPLY+=' --region --cluster' ;;
    'apps metrics') REPLY+=' --window --watch' ;;
    'deploy') REPLY+=' -a --app --image-tag --channel --image --replicas --branch --commit-sha --commit-message --debug --wait' ;;
    'deployments list') REPLY+=' -a --app --limit --status' ;;
    'deployments get') REPLY+=' -a --app' ;;
    'deployments watch') REPLY+=' -a --app' ;;
    'deployments logs') REPLY+=' -a --app -f --follow --since --limit' ;;
    'deployments rollback') REPLY+=' -a --app -y --yes --wait' ;;
    'secrets list') REPLY+=' -a --app' ;;
    'secrets get') REPLY+=' -a --app' ;;
    'secrets set') REPLY+=' -a --app --from-file' ;;
    'secrets delete') REPLY+=' -a --app -y --yes' ;;
    'secrets import') REPLY+=' -a --app --dry-run --prune -y --yes --concurrency' ;;
    'keys get') REPLY+=' -a --app --primary --secondary --reveal' ;;
    'keys regenerate') REPLY+=' -a --app --primary --secondary --both --reveal -y --yes' ;;
    'keys rotate') REPLY+=' -a --app --active --no-wait --reveal -y --yes' ;;
    'members add') REPLY+=' -r --role' ;;
    'members update') REPLY+=' -r --role' ;;
    'members remove') REPLY+=' -y --yes' ;;
    'sql') REPLY+=' -f --file --http --param --no-cache -a --app --endpoint --flight-endpoint --key' ;;
    'datasets list') REPLY+=' -a --app --endpoint --key' ;;
    'models list') REPLY+=' -a --app --endpoint --key' ;;
    'runtime status') REPLY+=' -a --app --endpoint --flight-endpoint --key' ;;
    'regions list') REPLY+=' --env' ;;
    'images list') REPLY+=' --channel' ;;
    'search') REPLY+=' -d --dataset -l --limit -w --where -c --column -k --keyword -a --app --endpoint --key' ;;
    'chat') REPLY+=' -m --model -s --system -t --temperature --stall-timeout -a --app --endpoint --key' ;;
    'nsql') REPLY+=' -m --model -d --dataset --sample-data -a --app --endpoint --key' ;;
    'link') REPLY+=' --status' ;;
    'api') REPLY+=' -X --method -f --raw-field -F --field --input -q --query --max-response -H --header --paginate --slurp -i --include' ;;
    'emulator') REPLY+=' --host --admin-token --port --state --token --client --queued --running --rate-limit --latency --runtime-port --flight-port --flight-tls-cert --flight-tls-key --no-runtime --data-dir --cloud-limits --strict --fault' ;;
  esac
}

# Remembers --profile, --api-url, --org so app and region lookups use the same account.
__spice_cloud_keep() {
  case "$1" in
    '--profile'|'--api-url'|'--org') pass+=("$1" "$2") ;;
  esac
}

# Sets COMPREPLY to the values of kind $1 that start with $2, each prefixed with $3.
__spice_cloud_values() {
  local IFS=$'\n' kind=$1 cur=$2 prefix=$3
  case "$kind" in
    '' | @any) COMPREPLY=() ;;
    @file)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      ;;
    @*) COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" ${pass[@]+"${pass[@]}"} __complete "${kind#@}" 2>/dev/null)" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -W "${kind// /$'\n'}" -- "$cur")) ;;
  esac
  if [[ -n $prefix ]]; then COMPREPLY=("${COMPREPLY[@]/#/$prefix}"); fi
}

_spice_cloud() {
  local cur=${COMP_WORDS[COMP_CWORD]} cmdpath='' pending='' prefix='' w REPLY
  local -i i npos=0 ended=0
  local -a pass=()
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if [[ -n $pending ]]; then
      [[ $w == = ]] && continue # bash splits --opt=value at '='
      __spice_cloud_keep "$pending" "$w"
      pending=''
      continue
    fi
    if ((!ended)) && [[ $w == -?* ]]; then
      if [[ $w == -- ]]; then
        ended=1
      elif [[ $w == --*=* ]]; then
        __spice_cloud_keep "${w%%=*}" "${w#*=}"
      else
        __spice_cloud_optarg "$cmdpath" "$w"
        [[ -n $REPLY ]] && pending=$w
      fi
      continue
    fi
    if ((npos == 0)) && __spice_cloud_child "$cmdpath" "$w"; then
      cmdpath=$REPLY
    else
      npos+=1
    fi
  done
  if [[ -z $pending && $cur == --*=* ]] && ((!ended)); then
    # '=' is not a word break here: complete after it and keep the flag in the word.
    pending=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}
  elif [[ -n $pending && $cur == = ]]; then
    cur=''
  fi
  if [[ -n $pending ]]; then
    __spice_cloud_optarg "$cmdpath" "$pending"
    __spice_cloud_values "$REPLY" "$cur" "$prefix"
    return 0
  fi
  if ((!ended)) && [[ $cur == -* ]]; then
    __spice_cloud_options "$cmdpath"
    __spice_cloud_values "$REPLY" "$cur" ''
    return 0
  fi
  if ((npos == 0)); then
    __spice_cloud_commands "$cmdpath"
    if [[ -n $REPLY ]]; then
      __spice_cloud_values "$REPLY" "$cur" ''
      return 0
    fi
  fi
  __spice_cloud_arg "$cmdpath" "$npos"
  if [[ -z $REPLY ]]; then
    # Nothing positional here: offer the options instead.
    __spice_cloud_options "$cmdpath"
  fi
  __spice_cloud_values "$REPLY" "$cur" ''
}

complete -F _spice_cloud spice-cloud
