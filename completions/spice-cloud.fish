# fish completion for spice-cloud
# Generated from the command tree by `npm run completions`; do not edit.
#
# Install for your user:
#   spice-cloud completion fish > ~/.config/fish/completions/spice-cloud.fish
#
# App names and regions come from the API (`spice-cloud __complete apps|regions`, which
# gives up silently after 2 seconds), using the --profile, --api-url and --org on the line.

# Canonical path of subcommand $word under $cmdpath (aliases resolve); status 1 if none.
function __spice_cloud_child --argument-names cmdpath word
    switch "$cmdpath|$word"
        case '|auth'
            echo 'auth'
        case '|apps'
            echo 'apps'
        case '|deploy'
            echo 'deploy'
        case '|deployments'
            echo 'deployments'
        case '|secrets'
            echo 'secrets'
        case '|keys'
            echo 'keys'
        case '|members'
            echo 'members'
        case '|orgs'
            echo 'orgs'
        case '|sql'
            echo 'sql'
        case '|datasets'
            echo 'datasets'
        case '|models'
            echo 'models'
        case '|runtime'
            echo 'runtime'
        case '|regions'
            echo 'regions'
        case '|images'
            echo 'images'
        case '|search'
            echo 'search'
        case '|chat'
            echo 'chat'
        case '|nsql'
            echo 'nsql'
        case '|health'
            echo 'health'
        case '|link'
            echo 'link'
        case '|unlink'
            echo 'unlink'
        case '|api'
            echo 'api'
        case '|doctor'
            echo 'doctor'
        case '|completion'
            echo 'completion'
        case '|commands'
            echo 'commands'
        case '|emulator'
            echo 'emulator'
        case '|help'
            echo 'help'
        case 'auth|login'
            echo 'auth login'
        case 'auth|status'
            echo 'auth status'
        case 'auth|logout'
            echo 'auth logout'
        case 'auth|whoami'
            echo 'auth whoami'
        case 'apps|list' 'apps|ls'
            echo 'apps list'
        case 'apps|get' 'apps|view'
            echo 'apps get'
        case 'apps|create'
            echo 'apps create'
        case 'apps|update'
            echo 'apps update'
        case 'apps|delete' 'apps|rm'
            echo 'apps delete'
        case 'apps|fork'
            echo 'apps fork'
        case 'apps|forks'
            echo 'apps forks'
        case 'apps|metrics'
            echo 'apps metrics'
        case 'deployments|list' 'deployments|ls'
            echo 'deployments list'
        case 'deployments|get'
            echo 'deployments get'
        case 'deployments|watch'
            echo 'deployments watch'
        case 'deployments|logs'
            echo 'deployments logs'
        case 'deployments|rollback'
            echo 'deployments rollback'
        case 'secrets|list' 'secrets|ls'
            echo 'secrets list'
        case 'secrets|get'
            echo 'secrets get'
        case 'secrets|set'
            echo 'secrets set'
        case 'secrets|delete' 'secrets|rm'
            echo 'secrets delete'
        case 'secrets|import'
            echo 'secrets import'
        case 'keys|get'
            echo 'keys get'
        case 'keys|regenerate'
            echo 'keys regenerate'
        case 'keys|rotate'
            echo 'keys rotate'
        case 'members|list' 'members|ls'
            echo 'members list'
        case 'members|get'
            echo 'members get'
        case 'members|add'
            echo 'members add'
        case 'members|update'
            echo 'members update'
        case 'members|remove' 'members|rm'
            echo 'members remove'
        case 'orgs|list' 'orgs|ls'
            echo 'orgs list'
        case 'datasets|list' 'datasets|ls'
            echo 'datasets list'
        case 'models|list' 'models|ls'
            echo 'models list'
        case 'runtime|status'
            echo 'runtime status'
        case 'regions|list' 'regions|ls'
            echo 'regions list'
        case 'images|list' 'images|ls'
            echo 'images list'
        case 'api|list'
            echo 'api list'
        case 'help|exit-codes'
            echo 'help exit-codes'
        case 'help|environment' 'help|env'
            echo 'help environment'
        case '*'
            return 1
    end
end

# Value kind of option $opt at $cmdpath: empty when it takes no value.
function __spice_cloud_optarg --argument-names cmdpath opt
    switch "$opt"
        case '--format'
            echo 'table tsv csv json ndjson'
            return
        case '--jq'
            echo '@any'
            return
        case '--fields'
            echo '@any'
            return
        case '--api-url'
            echo '@any'
            return
        case '--profile'
            echo '@any'
            return
        case '--org'
            echo '@any'
            return
        case '--timeout'
            echo '@any'
            return
    end
    switch "$cmdpath|$opt"
        case 'apps create|--region'
            echo '@regions'
        case 'apps create|--cluster'
            echo '@any'
        case 'apps create|--description'
            echo '@any'
        case 'apps create|--visibility'
            echo 'public private'
        case 'apps create|--tag'
            echo '@any'
        case 'apps create|--replicas'
            echo '@any'
        case 'apps create|--cpu'
            echo '@any'
        case 'apps create|--memory'
            echo '@any'
        case 'apps create|--ephemeral-storage'
            echo '@any'
        case 'apps create|--storage-size'
            echo '@any'
        case 'apps create|--executor-replicas'
            echo '@any'
        case 'apps create|--executor-cpu'
            echo '@any'
        case 'apps create|--executor-memory'
            echo '@any'
        case 'apps create|--executor-storage-size'
            echo '@any'
        case 'apps update|--description'
            echo '@any'
        case 'apps update|--visibility'
            echo 'public private'
        case 'apps update|--production-branch'
            echo '@any'
        case 'apps update|--tag'
            echo '@any'
        case 'apps update|--untag'
            echo '@any'
        case 'apps update|--spicepod'
            echo '@file'
        case 'apps update|--image-tag'
            echo '@any'
        case 'apps update|--image'
            echo '@any'
        case 'apps update|--registry'
            echo '@any'
        case 'apps update|--update-channel'
            echo 'stable preview nightly'
        case 'apps update|--region'
            echo '@regions'
        case 'apps update|--cluster'
            echo '@any'
        case 'apps update|--node-group'
            echo '@any'
        case 'apps update|--replicas'
            echo '@any'
        case 'apps update|--cpu'
            echo '@any'
        case 'apps update|--memory'
            echo '@any'
        case 'apps update|--ephemeral-storage'
            echo '@any'
        case 'apps update|--storage-size'
            echo '@any'
        case 'apps update|--executor-replicas'
            echo '@any'
        case 'apps update|--executor-cpu'
            echo '@any'
        case 'apps update|--executor-memory'
            echo '@any'
        case 'apps update|--executor-storage-size'
            echo '@any'
        case 'apps fork|--region'
            echo '@regions'
        case 'apps fork|--cluster'
            echo '@any'
        case 'apps metrics|--window'
            echo '@any'
        case 'apps metrics|--watch'
            echo '@any'
        case 'deploy|-a' 'deploy|--app'
            echo '@apps'
        case 'deploy|--image-tag'
            echo '@any'
        case 'deploy|--channel'
            echo 'stable enterprise'
        case 'deploy|--image'
            echo '@any'
        case 'deploy|--replicas'
            echo '@any'
        case 'deploy|--branch'
            echo '@any'
        case 'deploy|--commit-sha'
            echo '@any'
        case 'deploy|--commit-message'
            echo '@any'
        case 'deployments list|-a' 'deployments list|--app'
            echo '@apps'
        case 'deployments list|--limit'
            echo '@any'
        case 'deployments list|--status'
            echo 'queued in_progress succeeded failed created'
        case 'deployments get|-a' 'deployments get|--app'
            echo '@apps'
        case 'deployments watch|-a' 'deployments watch|--app'
            echo '@apps'
        case 'deployments logs|-a' 'deployments logs|--app'
            echo '@apps'
        case 'deployments logs|--since'
            echo '@any'
        case 'deployments logs|--limit'
            echo '@any'
        case 'deployments rollback|-a' 'deployments rollback|--app'
            echo '@apps'
        case 'secrets list|-a' 'secrets list|--app'
            echo '@apps'
        case 'secrets get|-a' 'secrets get|--app'
            echo '@apps'
        case 'secrets set|-a' 'secrets set|--app'
            echo '@apps'
        case 'secrets set|--from-file'
            echo '@file'
        case 'secrets delete|-a' 'secrets delete|--app'
            echo '@apps'
        case 'secrets import|-a' 'secrets import|--app'
            echo '@apps'
        case 'secrets import|--concurrency'
            echo '@any'
        case 'keys get|-a' 'keys get|--app'
            echo '@apps'
        case 'keys regenerate|-a' 'keys regenerate|--app'
            echo '@apps'
        case 'keys rotate|-a' 'keys rotate|--app'
            echo '@apps'
        case 'keys rotate|--active'
            echo '@any'
        case 'members add|-r' 'members add|--role'
            echo 'owner admin member viewer'
        case 'members update|-r' 'members update|--role'
            echo 'owner admin member viewer'
        case 'sql|-f' 'sql|--file'
            echo '@file'
        case 'sql|--param'
            echo '@any'
        case 'sql|-a' 'sql|--app'
            echo '@apps'
        case 'sql|--endpoint'
            echo '@any'
        case 'sql|--flight-endpoint'
            echo '@any'
        case 'sql|--key'
            echo '@any'
        case 'datasets list|-a' 'datasets list|--app'
            echo '@apps'
        case 'datasets list|--endpoint'
            echo '@any'
        case 'datasets list|--key'
            echo '@any'
        case 'models list|-a' 'models list|--app'
            echo '@apps'
        case 'models list|--endpoint'
            echo '@any'
        case 'models list|--key'
            echo '@any'
        case 'runtime status|-a' 'runtime status|--app'
            echo '@apps'
        case 'runtime status|--endpoint'
            echo '@any'
        case 'runtime status|--flight-endpoint'
            echo '@any'
        case 'runtime status|--key'
            echo '@any'
        case 'regions list|--env'
            echo 'prod dev'
        case 'images list|--channel'
            echo 'stable enterprise'
        case 'search|-d' 'search|--dataset'
            echo '@any'
        case 'search|-l' 'search|--limit'
            echo '@any'
        case 'search|-w' 'search|--where'
            echo '@any'
        case 'search|-c' 'search|--column'
            echo '@any'
        case 'search|-k' 'search|--keyword'
            echo '@any'
        case 'search|-a' 'search|--app'
            echo '@apps'
        case 'search|--endpoint'
            echo '@any'
        case 'search|--key'
            echo '@any'
        case 'chat|-m' 'chat|--model'
            echo '@any'
        case 'chat|-s' 'chat|--system'
            echo '@any'
        case 'chat|-t' 'chat|--temperature'
            echo '@any'
        case 'chat|--stall-timeout'
            echo '@any'
        case 'chat|-a' 'chat|--app'
            echo '@apps'
        case 'chat|--endpoint'
            echo '@any'
        case 'chat|--key'
            echo '@any'
        case 'nsql|-m' 'nsql|--model'
            echo '@any'
        case 'nsql|-d' 'nsql|--dataset'
            echo '@any'
        case 'nsql|-a' 'nsql|--app'
            echo '@apps'
        case 'nsql|--endpoint'
            echo '@any'
        case 'nsql|--key'
            echo '@any'
        case 'api|-X' 'api|--method'
            echo 'GET POST PUT PATCH DELETE'
        case 'api|-f' 'api|--raw-field'
            echo '@any'
        case 'api|-F' 'api|--field'
            echo '@any'
        case 'api|--input'
            echo '@file'
        case 'api|-q' 'api|--query'
            echo '@any'
        case 'api|--max-response'
            echo '@any'
        case 'api|-H' 'api|--header'
            echo '@any'
        case 'emulator|--host'
            echo '@any'
        case 'emulator|--admin-token'
            echo '@any'
        case 'emulator|--port'
            echo '@any'
        case 'emulator|--state'
            echo '@file'
        case 'emulator|--token'
            echo '@any'
        case 'emulator|--client'
            echo '@any'
        case 'emulator|--queued'
            echo '@any'
        case 'emulator|--running'
            echo '@any'
        case 'emulator|--rate-limit'
            echo '@any'
        case 'emulator|--latency'
            echo '@any'
        case 'emulator|--runtime-port'
            echo '@any'
        case 'emulator|--flight-port'
            echo '@any'
        case 'emulator|--flight-tls-cert'
            echo '@file'
        case 'emulator|--flight-tls-key'
            echo '@file'
        case 'emulator|--data-dir'
            echo '@file'
        case 'emulator|--fault'
            echo '@any'
    end
end

# Prints the command path, the number of positional arguments typed so far, and the
# pass-through options (--profile, --api-url, --org). Cached per command line.
function __spice_cloud_state
    set -l tokens (commandline -opc)
    if test "$tokens" = "$__spice_cloud_cache_key"
        printf '%s\n' $__spice_cloud_cache
        return
    end
    set -l cmdpath ''
    set -l npos 0
    set -l pending ''
    set -l ended 0
    set -l pass
    set -l found
    for w in $tokens[2..-1]
        if test -n "$pending"
            contains -- $pending --profile --api-url --org; and set -a pass $pending $w
            set pending ''
            continue
        end
        if test $ended = 0; and string match -qr -- '^-.' $w
            if test "$w" = --
                set ended 1
            else if string match -q -- '--*=*' $w
                set -l kv (string split -m 1 = -- $w)
                contains -- $kv[1] --profile --api-url --org; and set -a pass $kv
            else if set found (__spice_cloud_optarg $cmdpath $w); and test -n "$found"
                set pending $w
            end
            continue
        end
        if test $npos = 0; and set found (__spice_cloud_child $cmdpath $w)
            set cmdpath $found
        else
            set npos (math $npos + 1)
        end
    end
    set -g __spice_cloud_cache_key "$tokens"
    set -g __spice_cloud_cache $cmdpath $npos $pass
    printf '%s\n' $__spice_cloud_cache
end

# True at command path $want; with $n, also when positional argument $n is next
# ("more": argument $n or any later one).
function __spice_cloud_at --argument-names want n more
    set -l s (__spice_cloud_state)
    test "$s[1]" = "$want"; or return 1
    test -z "$n"; and return 0
    if test "$more" = more
        test $s[2] -ge $n
    else
        test $s[2] -eq $n
    end
end

# App names or regions from the API, for the account the command line names.
function __spice_cloud_dynamic --argument-names source
    set -l s (__spice_cloud_state)
    set -l cmd (commandline -opc)[1]
    $cmd $s[3..-1] __complete $source 2>/dev/null
end

complete -c spice-cloud -f

# Options accepted everywhere
complete -c spice-cloud -l json -d 'print JSON on stdout (errors as JSON on stderr)'
complete -c spice-cloud -l format -x -a 'table tsv csv json ndjson' -d 'output format: table, tsv, csv, json or ndjson (default: table on a terminal, tsv when piped)'
complete -c spice-cloud -l no-headers -d 'leave out the header row of tables and CSV (piped TSV never has one)'
complete -c spice-cloud -l jq -x -d 'filter the JSON output with a jq expression (built in; strings print raw, like jq -r)'
complete -c spice-cloud -l fields -x -d 'keep only these JSON fields, comma-separated (e.g. id,name); JSON unless --format says otherwise'
complete -c spice-cloud -l api-url -x -d 'Management API URL (default: $SPICE_API_URL or https://api.spice.ai)'
complete -c spice-cloud -l profile -x -d 'stored profile to use (default: $SPICE_PROFILE or "default")'
complete -c spice-cloud -l org -x -d 'organization to act in, sent as X-Org-Name (default: $SPICE_ORG)'
complete -c spice-cloud -l timeout -x -d 'give up after this long, retries included (e.g. 30s, 2m; default 2m)'
complete -c spice-cloud -l verbose -d 'trace HTTP requests and responses on stderr (credentials redacted)'
complete -c spice-cloud -l no-color -d 'disable colour (also NO_COLOR)'
complete -c spice-cloud -l no-input -d 'never prompt; fail with exit 9 where input is needed (also SPICE_NO_INPUT)'
complete -c spice-cloud -s h -l help -d 'show help'

# spice-cloud
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'auth' -d 'log in with an API token, check credentials, log out'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'apps' -d 'create, inspect, update and delete apps'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'deploy' -d 'deploy an app from its stored spicepod; --wait follows it to the end'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'deployments' -d 'list, inspect, watch and read the logs of an app\'s deployments'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'secrets' -d 'manage an app\'s secrets (values are write-only: they can be set, never read back)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'keys' -d 'show, regenerate and rotate an app\'s runtime API keys (masked unless --reveal)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'members' -d 'list and manage the members of the organization (select it with --org)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'orgs' -d 'organizations your credentials can act in (select one with --org)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'sql' -d 'query the app\'s runtime with SQL (Arrow Flight by default; results stream to stdout)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'datasets' -d 'datasets the app\'s runtime serves'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'models' -d 'models the app\'s runtime serves (for chat)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'runtime' -d 'the app\'s runtime (data plane): what it serves and whether it is ready'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'regions' -d 'list the regions apps can be created in'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'images' -d 'list Spice runtime container images'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'search' -d 'search an app\'s datasets by meaning (vector and full-text search on its runtime)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'chat' -d 'ask an app\'s model a question; the answer streams as it is written (no message on a terminal: a conversation)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'nsql' -d 'ask a question in plain words: the app\'s model writes SQL, the runtime runs it'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'health' -d 'check that the Management API is up (no login needed; exit 1 unless it reports ok)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'link' -d 'bind this directory to an app, so per-app commands here need no --app (writes .spice/cloud.json)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'unlink' -d 'remove the link of this directory (.spice/cloud.json)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'api' -d 'send an authenticated request to the Management API and print the JSON answer'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'doctor' -d 'check the setup: versions, config file, proxy, API reachability, clock and credentials'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'completion' -d 'print a shell completion script (bash, zsh or fish)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'commands' -d 'list every command; --json prints the whole tree (arguments, flags, descriptions) for tools'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'emulator' -d 'run a local, stateful emulator of the Management API and of the apps\' runtime (offline trials, CI dry-runs)'
complete -c spice-cloud -n '__spice_cloud_at \'\' 0' -a 'help' -d 'show help for a command, or a topic: exit-codes, environment'
complete -c spice-cloud -n '__spice_cloud_at \'\'' -s V -l version -d 'print the version'

# spice-cloud auth
complete -c spice-cloud -n '__spice_cloud_at \'auth\' 0' -a 'login' -d 'check an API token against the API and store it in the selected profile (--profile)'
complete -c spice-cloud -n '__spice_cloud_at \'auth\' 0' -a 'status' -d 'show where the token comes from, and whether the API accepts it (exit 4 if not)'
complete -c spice-cloud -n '__spice_cloud_at \'auth\' 0' -a 'logout' -d 'remove the stored token of the selected profile (--profile)'
complete -c spice-cloud -n '__spice_cloud_at \'auth\' 0' -a 'whoami' -d 'show who the credentials are: user, organization and scopes when the API tells'

# spice-cloud auth login
complete -c spice-cloud -n '__spice_cloud_at \'auth login\'' -l with-token -d 'read the token from stdin instead of prompting (CI, scripts)'
complete -c spice-cloud -n '__spice_cloud_at \'auth login\'' -l web -d 'log in in a browser: prints a URL and a short code, waits up to 5m for approval (works over SSH)'
complete -c spice-cloud -n '__spice_cloud_at \'auth login\'' -l insecure-storage -d 'store the token in the config file (mode 0600) instead of the OS keychain'

# spice-cloud apps
complete -c spice-cloud -n '__spice_cloud_at \'apps\' 0' -a 'list' -d 'list apps'
complete -c spice-cloud -n '__spice_cloud_at \'apps\' 0' -a 'get' -d 'show an app, its URL and its configuration (the API key is masked)'
complete -c spice-cloud -n '__spice_cloud_at \'apps\' 0' -a 'create' -d 'create an app (prompts for the region on a terminal)'
complete -c spice-cloud -n '__spice_cloud_at \'apps\' 0' -a 'update' -d 'change an app\'s settings, tags or spicepod (only the fields given are sent)'
complete -c spice-cloud -n '__spice_cloud_at \'apps\' 0' -a 'delete' -d 'delete an app and stop its deployments (asks first; --yes without a terminal)'
complete -c spice-cloud -n '__spice_cloud_at \'apps\' 0' -a 'fork' -d 'create a new app with a copy of an app\'s configuration (not deployed)'
complete -c spice-cloud -n '__spice_cloud_at \'apps\' 0' -a 'forks' -d 'list the apps forked from an app'
complete -c spice-cloud -n '__spice_cloud_at \'apps\' 0' -a 'metrics' -d 'CPU, memory and disk of each pod; --watch draws them as sparklines'

# spice-cloud apps get
complete -c spice-cloud -n '__spice_cloud_at \'apps get\' 0' -a '(__spice_cloud_dynamic apps)' -d 'app'

# spice-cloud apps create
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l region -x -a '(__spice_cloud_dynamic regions)' -d 'region ID or cname, e.g. us-west-2 or us-west-2-prod-aws-data (see `spice-cloud regions list`); required without a terminal'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l cluster -x -d 'run on this dedicated cluster (sent as cluster_name)'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l description -x -d 'description'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l visibility -x -a 'public private' -d 'public or private (API default: private)'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l tag -x -d 'tag the app (repeatable)'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l replicas -x -d 'number of replicas, 1 to 10'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l cpu -x -d 'CPU per replica, limit and request (e.g. 2, 500m)'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l memory -x -d 'memory per replica, limit and request (e.g. 4Gi)'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l ephemeral-storage -x -d 'ephemeral storage limit per replica (e.g. 10Gi)'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l storage-size -x -d 'storage size in GB (sent as storage_size_gb and storage_claim_size_gb)'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l executor-replicas -x -d 'distributed query executors, 0 to 100'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l executor-cpu -x -d 'CPU per executor (e.g. 4)'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l executor-memory -x -d 'memory per executor (e.g. 16Gi)'
complete -c spice-cloud -n '__spice_cloud_at \'apps create\'' -l executor-storage-size -x -d 'storage per executor in GB'

# spice-cloud apps update
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l description -x -d 'description ("" clears it)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l visibility -x -a 'public private' -d 'public or private'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l production-branch -x -d 'Git branch that deploys to production'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l tag -x -d 'add or change a tag, keeping the others (repeatable)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l untag -x -d 'remove a tag (repeatable)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l spicepod -r -F -d 'spicepod YAML or JSON file (max 1 MiB; - reads stdin)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l image-tag -x -d 'pin the runtime image tag (see `spice-cloud images list`)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l clear-image-tag -d 'remove the image tag pin'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l image -x -d 'runtime image'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l registry -x -d 'container registry'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l update-channel -x -a 'stable preview nightly' -d 'stable, preview, nightly, internal or internal-sandbox'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l region -x -a '(__spice_cloud_dynamic regions)' -d 'move to this region (ID or cname)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l cluster -x -d 'move to this dedicated cluster (sent as cluster_name)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l node-group -x -d 'node group'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l replicas -x -d 'number of replicas, 1 to 10'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l cpu -x -d 'CPU per replica, limit and request (e.g. 2, 500m)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l memory -x -d 'memory per replica, limit and request (e.g. 4Gi)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l ephemeral-storage -x -d 'ephemeral storage limit per replica (e.g. 10Gi)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l storage-size -x -d 'storage size in GB (sent as storage_size_gb and storage_claim_size_gb)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l executor-replicas -x -d 'distributed query executors, 0 to 100'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l executor-cpu -x -d 'CPU per executor (e.g. 4)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l executor-memory -x -d 'memory per executor (e.g. 16Gi)'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\'' -l executor-storage-size -x -d 'storage per executor in GB'
complete -c spice-cloud -n '__spice_cloud_at \'apps update\' 0' -a '(__spice_cloud_dynamic apps)' -d 'app'

# spice-cloud apps delete
complete -c spice-cloud -n '__spice_cloud_at \'apps delete\'' -s y -l yes -d 'skip the confirmation prompt (required when not on a terminal)'
complete -c spice-cloud -n '__spice_cloud_at \'apps delete\' 0' -a '(__spice_cloud_dynamic apps)' -d 'app'

# spice-cloud apps fork
complete -c spice-cloud -n '__spice_cloud_at \'apps fork\'' -l region -x -a '(__spice_cloud_dynamic regions)' -d 'run the fork in this region (default: where the source runs)'
complete -c spice-cloud -n '__spice_cloud_at \'apps fork\'' -l cluster -x -d 'run the fork on this dedicated cluster'
complete -c spice-cloud -n '__spice_cloud_at \'apps fork\' 0' -a '(__spice_cloud_dynamic apps)' -d 'app'

# spice-cloud apps forks
complete -c spice-cloud -n '__spice_cloud_at \'apps forks\' 0' -a '(__spice_cloud_dynamic apps)' -d 'app'

# spice-cloud apps metrics
complete -c spice-cloud -n '__spice_cloud_at \'apps metrics\'' -l window -x -d 'turn counters into rates over this window: 30s, 5m, 1h'
complete -c spice-cloud -n '__spice_cloud_at \'apps metrics\'' -l watch -x -d 'sample again every interval (default 5s) until Ctrl-C'
complete -c spice-cloud -n '__spice_cloud_at \'apps metrics\' 0' -a '(__spice_cloud_dynamic apps)' -d 'app'

# spice-cloud deploy
complete -c spice-cloud -n '__spice_cloud_at \'deploy\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'deploy\'' -l image-tag -x -d 'Spice runtime image tag (default: the app\'s configured tag)'
complete -c spice-cloud -n '__spice_cloud_at \'deploy\'' -l channel -x -a 'stable enterprise' -d 'runtime release channel: stable, preview or nightly'
complete -c spice-cloud -n '__spice_cloud_at \'deploy\'' -l image -x -d 'full runtime image reference (e.g. spiceai/spiceai:1.11.0)'
complete -c spice-cloud -n '__spice_cloud_at \'deploy\'' -l replicas -x -d 'number of replicas, 1 to 10'
complete -c spice-cloud -n '__spice_cloud_at \'deploy\'' -l branch -x -d 'git branch to record on the deployment'
complete -c spice-cloud -n '__spice_cloud_at \'deploy\'' -l commit-sha -x -d 'commit SHA to record on the deployment'
complete -c spice-cloud -n '__spice_cloud_at \'deploy\'' -l commit-message -x -d 'commit message to record on the deployment'
complete -c spice-cloud -n '__spice_cloud_at \'deploy\'' -l debug -d 'run the runtime with debug logging'
complete -c spice-cloud -n '__spice_cloud_at \'deploy\'' -l wait -d 'wait until the deployment succeeds or fails; bounded by the global --timeout (default 10m with --wait), e.g. --wait --timeout 5m'

# spice-cloud deployments
complete -c spice-cloud -n '__spice_cloud_at \'deployments\' 0' -a 'list' -d 'list deployments, newest first'
complete -c spice-cloud -n '__spice_cloud_at \'deployments\' 0' -a 'get' -d 'show one deployment'
complete -c spice-cloud -n '__spice_cloud_at \'deployments\' 0' -a 'watch' -d 'wait for a deployment (default: the latest) to succeed or fail'
complete -c spice-cloud -n '__spice_cloud_at \'deployments\' 0' -a 'logs' -d 'print a deployment\'s logs; --follow keeps printing until it finishes'
complete -c spice-cloud -n '__spice_cloud_at \'deployments\' 0' -a 'rollback' -d 'deploy again what an earlier succeeded deployment ran (default: the one before the latest success)'

# spice-cloud deployments list
complete -c spice-cloud -n '__spice_cloud_at \'deployments list\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'deployments list\'' -l limit -x -d 'how many to show, 1 to 100 (default 20)'
complete -c spice-cloud -n '__spice_cloud_at \'deployments list\'' -l status -x -a 'queued in_progress succeeded failed created' -d 'only this status: queued, in_progress, succeeded, failed, created'

# spice-cloud deployments get
complete -c spice-cloud -n '__spice_cloud_at \'deployments get\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'

# spice-cloud deployments watch
complete -c spice-cloud -n '__spice_cloud_at \'deployments watch\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'

# spice-cloud deployments logs
complete -c spice-cloud -n '__spice_cloud_at \'deployments logs\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'deployments logs\'' -s f -l follow -d 'keep polling for new lines until the deployment finishes (Ctrl-C stops, exit 130)'
complete -c spice-cloud -n '__spice_cloud_at \'deployments logs\'' -l since -x -d 'only lines after this: a duration ago (10m, 1h) or a timestamp (2026-11-26T12:00:00Z)'
complete -c spice-cloud -n '__spice_cloud_at \'deployments logs\'' -l limit -x -d 'at most this many lines per request, 1 to 1000'

# spice-cloud deployments rollback
complete -c spice-cloud -n '__spice_cloud_at \'deployments rollback\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'deployments rollback\'' -s y -l yes -d 'skip the confirmation prompt (required when not on a terminal)'
complete -c spice-cloud -n '__spice_cloud_at \'deployments rollback\'' -l wait -d 'wait until the new deployment succeeds or fails (bounded by --timeout, default 10m)'

# spice-cloud secrets
complete -c spice-cloud -n '__spice_cloud_at \'secrets\' 0' -a 'list' -d 'list secret names and dates (values are never shown)'
complete -c spice-cloud -n '__spice_cloud_at \'secrets\' 0' -a 'get' -d 'show one secret (its value is always masked)'
complete -c spice-cloud -n '__spice_cloud_at \'secrets\' 0' -a 'set' -d 'create or replace a secret; the value comes from stdin, --from-file or a hidden prompt, never an argument'
complete -c spice-cloud -n '__spice_cloud_at \'secrets\' 0' -a 'delete' -d 'delete one or more secrets (asks first; --yes when not on a terminal)'
complete -c spice-cloud -n '__spice_cloud_at \'secrets\' 0' -a 'import' -d 'set many secrets from a .env file or a JSON object ({"NAME": "value"}); - reads stdin'

# spice-cloud secrets list
complete -c spice-cloud -n '__spice_cloud_at \'secrets list\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'

# spice-cloud secrets get
complete -c spice-cloud -n '__spice_cloud_at \'secrets get\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'

# spice-cloud secrets set
complete -c spice-cloud -n '__spice_cloud_at \'secrets set\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'secrets set\'' -l from-file -r -F -d 'read the value from a file, byte for byte (nothing trimmed)'

# spice-cloud secrets delete
complete -c spice-cloud -n '__spice_cloud_at \'secrets delete\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'secrets delete\'' -s y -l yes -d 'skip the confirmation prompt (required when not on a terminal)'

# spice-cloud secrets import
complete -c spice-cloud -n '__spice_cloud_at \'secrets import\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'secrets import\'' -l dry-run -d 'show what would be created, updated or deleted (names only) and change nothing'
complete -c spice-cloud -n '__spice_cloud_at \'secrets import\'' -l prune -d 'also delete the secrets the file does not name (asks first; --yes when not on a terminal)'
complete -c spice-cloud -n '__spice_cloud_at \'secrets import\'' -s y -l yes -d 'skip the confirmation prompt (required when not on a terminal)'
complete -c spice-cloud -n '__spice_cloud_at \'secrets import\'' -l concurrency -x -d 'requests in flight at once, 1-32 (default 8)'
complete -c spice-cloud -n '__spice_cloud_at \'secrets import\' 0' -F

# spice-cloud keys
complete -c spice-cloud -n '__spice_cloud_at \'keys\' 0' -a 'get' -d 'show the primary and secondary API keys (masked to their last 4 characters unless --reveal)'
complete -c spice-cloud -n '__spice_cloud_at \'keys\' 0' -a 'regenerate' -d 'replace one or both API keys; the old key stops working at once (see `keys rotate` for zero downtime)'
complete -c spice-cloud -n '__spice_cloud_at \'keys\' 0' -a 'rotate' -d 'rotate both keys with zero downtime: regenerate the standby key, wait while clients switch to it, then regenerate the one they used'

# spice-cloud keys get
complete -c spice-cloud -n '__spice_cloud_at \'keys get\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'keys get\'' -l primary -d 'print only the primary key as a bare line, for scripts (needs --reveal)'
complete -c spice-cloud -n '__spice_cloud_at \'keys get\'' -l secondary -d 'print only the secondary key as a bare line, for scripts (needs --reveal)'
complete -c spice-cloud -n '__spice_cloud_at \'keys get\'' -l reveal -d 'print the keys in clear (they grant data access: keep them out of logs and shell history)'

# spice-cloud keys regenerate
complete -c spice-cloud -n '__spice_cloud_at \'keys regenerate\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'keys regenerate\'' -l primary -d 'regenerate the primary key (key 1; the default)'
complete -c spice-cloud -n '__spice_cloud_at \'keys regenerate\'' -l secondary -d 'regenerate the secondary key (key 2)'
complete -c spice-cloud -n '__spice_cloud_at \'keys regenerate\'' -l both -d 'regenerate both keys'
complete -c spice-cloud -n '__spice_cloud_at \'keys regenerate\'' -l reveal -d 'print the keys in clear (they grant data access: keep them out of logs and shell history)'
complete -c spice-cloud -n '__spice_cloud_at \'keys regenerate\'' -s y -l yes -d 'skip the confirmation prompt (required when not on a terminal)'

# spice-cloud keys rotate
complete -c spice-cloud -n '__spice_cloud_at \'keys rotate\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'keys rotate\'' -l active -x -d 'the key your clients use now: primary (default) or secondary'
complete -c spice-cloud -n '__spice_cloud_at \'keys rotate\'' -l no-wait -d 'do not wait for clients to switch at step 2 (clients on the old key stop working at step 3)'
complete -c spice-cloud -n '__spice_cloud_at \'keys rotate\'' -l reveal -d 'print the keys in clear (they grant data access: keep them out of logs and shell history)'
complete -c spice-cloud -n '__spice_cloud_at \'keys rotate\'' -s y -l yes -d 'skip the confirmation prompt (required when not on a terminal)'

# spice-cloud members
complete -c spice-cloud -n '__spice_cloud_at \'members\' 0' -a 'list' -d 'list members with their roles'
complete -c spice-cloud -n '__spice_cloud_at \'members\' 0' -a 'get' -d 'show one member'
complete -c spice-cloud -n '__spice_cloud_at \'members\' 0' -a 'add' -d 'add a user (they must have signed in to Spice.ai once) to the organization'
complete -c spice-cloud -n '__spice_cloud_at \'members\' 0' -a 'update' -d 'replace a member\'s roles (the owner cannot be changed)'
complete -c spice-cloud -n '__spice_cloud_at \'members\' 0' -a 'remove' -d 'remove a member from the organization (the owner cannot be removed)'

# spice-cloud members add
complete -c spice-cloud -n '__spice_cloud_at \'members add\'' -s r -l role -x -a 'owner admin member viewer' -d 'role to grant: admin, member, viewer or billing (repeatable; default: member)'

# spice-cloud members update
complete -c spice-cloud -n '__spice_cloud_at \'members update\'' -s r -l role -x -a 'owner admin member viewer' -d 'the new role set: admin, member, viewer or billing (repeatable; required)'

# spice-cloud members remove
complete -c spice-cloud -n '__spice_cloud_at \'members remove\'' -s y -l yes -d 'skip the confirmation prompt (required when not on a terminal)'

# spice-cloud orgs
complete -c spice-cloud -n '__spice_cloud_at \'orgs\' 0' -a 'list' -d 'list your organizations and your role in each'

# spice-cloud sql
complete -c spice-cloud -n '__spice_cloud_at \'sql\'' -s f -l file -r -F -d 'read the SQL from a file (- for stdin); several statements run in order'
complete -c spice-cloud -n '__spice_cloud_at \'sql\'' -l http -d 'query over HTTP /v1/sql instead of Arrow Flight (Spice Cloud caps HTTP results at 500 rows)'
complete -c spice-cloud -n '__spice_cloud_at \'sql\'' -l param -x -d 'a query parameter, repeatable: positional ($1, $2…) or name=value ($name); JSON scalars are typed (42, true, null, "text")'
complete -c spice-cloud -n '__spice_cloud_at \'sql\'' -l no-cache -d 'bypass the runtime\'s results cache (Cache-Control: no-cache)'
complete -c spice-cloud -n '__spice_cloud_at \'sql\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'sql\'' -l endpoint -x -d 'the runtime\'s HTTP URL (default: $SPICE_RUNTIME_URL, then the app\'s endpoint)'
complete -c spice-cloud -n '__spice_cloud_at \'sql\'' -l flight-endpoint -x -d 'the Arrow Flight address (default: derived from the endpoint)'
complete -c spice-cloud -n '__spice_cloud_at \'sql\'' -l key -x -d 'which of the app\'s API keys to use: primary or secondary (default primary; SPICE_APP_API_KEY wins)'

# spice-cloud datasets
complete -c spice-cloud -n '__spice_cloud_at \'datasets\' 0' -a 'list' -d 'list the runtime\'s datasets with their status (Ready, Refreshing, Error)'

# spice-cloud datasets list
complete -c spice-cloud -n '__spice_cloud_at \'datasets list\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'datasets list\'' -l endpoint -x -d 'the runtime\'s HTTP URL (default: $SPICE_RUNTIME_URL, then the app\'s endpoint)'
complete -c spice-cloud -n '__spice_cloud_at \'datasets list\'' -l key -x -d 'which of the app\'s API keys to use: primary or secondary (default primary; SPICE_APP_API_KEY wins)'

# spice-cloud models
complete -c spice-cloud -n '__spice_cloud_at \'models\' 0' -a 'list' -d 'list the runtime\'s models with their status (Ready, Refreshing, Error)'

# spice-cloud models list
complete -c spice-cloud -n '__spice_cloud_at \'models list\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'models list\'' -l endpoint -x -d 'the runtime\'s HTTP URL (default: $SPICE_RUNTIME_URL, then the app\'s endpoint)'
complete -c spice-cloud -n '__spice_cloud_at \'models list\'' -l key -x -d 'which of the app\'s API keys to use: primary or secondary (default primary; SPICE_APP_API_KEY wins)'

# spice-cloud runtime
complete -c spice-cloud -n '__spice_cloud_at \'runtime\' 0' -a 'status' -d 'show the runtime\'s components (HTTP, Flight, metrics) and readiness; exit 1 unless ready'

# spice-cloud runtime status
complete -c spice-cloud -n '__spice_cloud_at \'runtime status\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'runtime status\'' -l endpoint -x -d 'the runtime\'s HTTP URL (default: $SPICE_RUNTIME_URL, then the app\'s endpoint)'
complete -c spice-cloud -n '__spice_cloud_at \'runtime status\'' -l flight-endpoint -x -d 'the Arrow Flight address (default: derived from the endpoint)'
complete -c spice-cloud -n '__spice_cloud_at \'runtime status\'' -l key -x -d 'which of the app\'s API keys to use: primary or secondary (default primary; SPICE_APP_API_KEY wins)'

# spice-cloud regions
complete -c spice-cloud -n '__spice_cloud_at \'regions\' 0' -a 'list' -d 'list regions; the DEFAULT column (isDefault in JSON) marks the default'

# spice-cloud regions list
complete -c spice-cloud -n '__spice_cloud_at \'regions list\'' -l env -x -a 'prod dev' -d 'prod or dev (API default: prod)'

# spice-cloud images
complete -c spice-cloud -n '__spice_cloud_at \'images\' 0' -a 'list' -d 'list runtime images; the DEFAULT column (isDefault in JSON) marks the default tag'

# spice-cloud images list
complete -c spice-cloud -n '__spice_cloud_at \'images list\'' -l channel -x -a 'stable enterprise' -d 'stable or enterprise (API default: stable)'

# spice-cloud search
complete -c spice-cloud -n '__spice_cloud_at \'search\'' -s d -l dataset -x -d 'search only this dataset (repeatable; default: every searchable dataset)'
complete -c spice-cloud -n '__spice_cloud_at \'search\'' -s l -l limit -x -d 'how many results in all, 1-1000 (default: the runtime\'s, 3)'
complete -c spice-cloud -n '__spice_cloud_at \'search\'' -s w -l where -x -d 'filter rows first with one SQL condition, e.g. "year > 2020 AND lang = \'en\'"'
complete -c spice-cloud -n '__spice_cloud_at \'search\'' -s c -l column -x -d 'also return this column of each hit (repeatable; shown with --json)'
complete -c spice-cloud -n '__spice_cloud_at \'search\'' -s k -l keyword -x -d 'only consider rows containing this word (repeatable)'
complete -c spice-cloud -n '__spice_cloud_at \'search\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'search\'' -l endpoint -x -d 'the runtime\'s HTTP URL (default: $SPICE_RUNTIME_URL, then the app\'s endpoint)'
complete -c spice-cloud -n '__spice_cloud_at \'search\'' -l key -x -d 'which of the app\'s API keys to use: primary or secondary (default primary; SPICE_APP_API_KEY wins)'

# spice-cloud chat
complete -c spice-cloud -n '__spice_cloud_at \'chat\'' -s m -l model -x -d 'the model to ask (default: the only Ready one; a picker on a terminal when there are several)'
complete -c spice-cloud -n '__spice_cloud_at \'chat\'' -s s -l system -x -d 'a system prompt that sets how the model answers'
complete -c spice-cloud -n '__spice_cloud_at \'chat\'' -s t -l temperature -x -d 'sampling temperature, 0-2 (default: the model\'s)'
complete -c spice-cloud -n '__spice_cloud_at \'chat\'' -l stall-timeout -x -d 'give up when the answer pauses this long (default 2m); there is no limit on the whole answer'
complete -c spice-cloud -n '__spice_cloud_at \'chat\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'chat\'' -l endpoint -x -d 'the runtime\'s HTTP URL (default: $SPICE_RUNTIME_URL, then the app\'s endpoint)'
complete -c spice-cloud -n '__spice_cloud_at \'chat\'' -l key -x -d 'which of the app\'s API keys to use: primary or secondary (default primary; SPICE_APP_API_KEY wins)'

# spice-cloud nsql
complete -c spice-cloud -n '__spice_cloud_at \'nsql\'' -s m -l model -x -d 'the model that writes the SQL (default: the runtime\'s only one)'
complete -c spice-cloud -n '__spice_cloud_at \'nsql\'' -s d -l dataset -x -d 'show the model sample rows of this dataset (repeatable; does not limit what it queries)'
complete -c spice-cloud -n '__spice_cloud_at \'nsql\'' -l sample-data -d 'let the model see sample rows of the datasets'
complete -c spice-cloud -n '__spice_cloud_at \'nsql\'' -s a -l app -x -a '(__spice_cloud_dynamic apps)' -d 'app name or numeric ID (default: $SPICE_APP, then the linked app)'
complete -c spice-cloud -n '__spice_cloud_at \'nsql\'' -l endpoint -x -d 'the runtime\'s HTTP URL (default: $SPICE_RUNTIME_URL, then the app\'s endpoint)'
complete -c spice-cloud -n '__spice_cloud_at \'nsql\'' -l key -x -d 'which of the app\'s API keys to use: primary or secondary (default primary; SPICE_APP_API_KEY wins)'

# spice-cloud link
complete -c spice-cloud -n '__spice_cloud_at \'link\'' -l status -d 'show which app this directory uses and why (--app > SPICE_APP > link file); changes nothing'
complete -c spice-cloud -n '__spice_cloud_at \'link\' 0' -a '(__spice_cloud_dynamic apps)' -d 'app'

# spice-cloud api
complete -c spice-cloud -n '__spice_cloud_at \'api\' 0' -a 'list' -d 'list every operation of the bundled OpenAPI document: method, path, scope, summary'
complete -c spice-cloud -n '__spice_cloud_at \'api\'' -s X -l method -x -a 'GET POST PUT PATCH DELETE' -d 'GET, POST, PUT, PATCH or DELETE (default: GET, or POST with fields or --input)'
complete -c spice-cloud -n '__spice_cloud_at \'api\'' -s f -l raw-field -x -d 'add a string field (repeatable; key[sub] nests, key[] appends)'
complete -c spice-cloud -n '__spice_cloud_at \'api\'' -s F -l field -x -d 'add a typed field: numbers, true, false, null become JSON; @file and @- read the value (repeatable)'
complete -c spice-cloud -n '__spice_cloud_at \'api\'' -l input -r -F -d 'send this JSON file as the body ("-" reads stdin); fields then go to the query string'
complete -c spice-cloud -n '__spice_cloud_at \'api\'' -s q -l query -x -d 'add a query-string parameter (repeatable)'
complete -c spice-cloud -n '__spice_cloud_at \'api\'' -l max-response -x -d 'largest answer accepted, e.g. 64MiB or 1GB (default 16MiB)'
complete -c spice-cloud -n '__spice_cloud_at \'api\'' -s H -l header -x -d 'add a request header, e.g. -H "Accept: application/json" (repeatable)'
complete -c spice-cloud -n '__spice_cloud_at \'api\'' -l paginate -d 'GET every page (limit/offset until a short page) and print one merged array'
complete -c spice-cloud -n '__spice_cloud_at \'api\'' -l slurp -d 'with --paginate: print an array of the pages as they came instead'
complete -c spice-cloud -n '__spice_cloud_at \'api\'' -s i -l include -d 'print the HTTP status and response headers on stderr (credentials redacted)'

# spice-cloud completion
complete -c spice-cloud -n '__spice_cloud_at \'completion\' 0' -a 'bash zsh fish'

# spice-cloud emulator
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l host -x -d 'address to bind'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l admin-token -x -d 'require this token on the /__emulator admin routes (set it when binding beyond loopback)'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l port -x -d 'port to listen on (0 = any free port)'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l state -r -F -d 'persist state to this JSON file (written atomically; survives restarts)'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l token -x -d 'accept an extra token, optionally limited to scopes (repeatable)'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l client -x -d 'accept an extra OAuth client (repeatable)'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l queued -x -d 'how long deployments stay queued'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l running -x -d 'how long deployments stay in progress'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l rate-limit -x -d 'answer 429 above this many requests per second per token'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l latency -x -d 'add this delay to every response'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l runtime-port -x -d 'port of the emulated runtime\'s HTTP API (0 = any free port)'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l flight-port -x -d 'port of the emulated runtime\'s Arrow Flight service (0 = any free port)'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l flight-tls-cert -r -F -d 'serve Arrow Flight over TLS with this certificate (PEM; with --flight-tls-key)'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l flight-tls-key -r -F -d 'private key (PEM) of --flight-tls-cert'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l no-runtime -d 'do not start the emulated runtime (Management API only)'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l data-dir -r -F -d 'directory that file: datasets are read from (default: the current directory)'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l cloud-limits -d 'emulate the cloud gateway on HTTP SQL: at most 500 rows, 90 s per request'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l strict -d 'behave as strictly as the real API most likely does: a create without cname/cluster_name is a Cloud Connect project (no endpoint), lists page at 20'
complete -c spice-cloud -n '__spice_cloud_at \'emulator\'' -l fault -x -d 'inject faults, e.g. "GET /v1/apps=503:count=2" (repeatable; see docs/emulator.md)'

# spice-cloud help
complete -c spice-cloud -n '__spice_cloud_at \'help\' 0' -a 'exit-codes' -d 'what each exit code means'
complete -c spice-cloud -n '__spice_cloud_at \'help\' 0' -a 'environment' -d 'environment variables and credential precedence'
