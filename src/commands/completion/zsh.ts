/** The zsh completion script: the bash lookup tables plus descriptions for `_describe`. */
import { lookupFunctions, keepFunction, sq, walkLoop } from './bash.js';
import { everyCommand, flagsOf, type OptionSpec, type ProgramSpec } from './spec.js';
import { buildTables, funcPrefix } from './tables.js';

function described(name: string, description: string): string {
  return sq(`${name.replace(/:/g, '\\:')}:${description}`);
}

function optionEntries(options: OptionSpec[]): string[] {
  return options.flatMap((o) => flagsOf(o).map((f) => described(f, o.description)));
}

export function zshScript(spec: ProgramSpec): string {
  const p = funcPrefix(spec.name);
  const fn = `_${spec.name}`;
  const t = buildTables(spec);
  const indent = '\n      ';
  const commands = everyCommand(spec)
    .filter((c) => c.commands.length > 0)
    .map((c) => `    ${sq(c.path)}) reply=(${indent}${c.commands.map((x) => described(x.name, x.description)).join(indent)}\n    ) ;;`);
  const options = everyCommand(spec)
    .filter((c) => c.options.length > 0)
    .map((c) => `    ${sq(c.path)}) reply+=(${optionEntries(c.options).join(' ')}) ;;`);
  return `#compdef ${spec.name}
# zsh completion for ${spec.name}
# Generated from the command tree by \`npm run completions\`; do not edit.
#
# Install for your user (a directory on $fpath, before compinit runs):
#   ${spec.name} completion zsh > ~/.zfunc/${fn}     # with fpath=(~/.zfunc $fpath) in ~/.zshrc
# or load it from ~/.zshrc after compinit:
#   source <(${spec.name} completion zsh)
#
# App names and regions come from the API (\`${spec.name} __complete apps|regions\`, which
# gives up silently after 2 seconds), using the --profile, --api-url and --org on the line.

${lookupFunctions(p, t)}
# Subcommands of command path $1, as name:description.
${p}_commands() {
  case "$1" in
${commands.join('\n')}
    *) reply=() ;;
  esac
}

# Options accepted at command path $1, as flag:description.
${p}_options() {
  reply=(${optionEntries(spec.globals).join(' ')})
  case "$1" in
${options.join('\n')}
  esac
}

${keepFunction(p)}
# Adds the values of kind $1; status 1 when there are none to offer.
${p}_values() {
  local -a names
  case "$1" in
    '' | @any) return 1 ;;
    @file) _files ;;
    @*)
      names=(\${(f)"$(\${words[1]} $pass __complete \${1#@} 2>/dev/null)"})
      compadd -a names
      ;;
    *) compadd -- \${=1} ;;
  esac
}

${fn}() {
  local cmdpath='' pending='' w REPLY cur=\${words[CURRENT]}
  local -i i npos=0 ended=0
  local -a reply pass
${walkLoop(p, '${words[i]}', 2, 'CURRENT', false)}
  if [[ -z $pending && $cur == --*=* ]] && ((!ended)); then
    pending=\${cur%%=*}
    compset -P '*='
  fi
  if [[ -n $pending ]]; then
    ${p}_optarg "$cmdpath" "$pending"
    ${p}_values "$REPLY"
    return
  fi
  if ((!ended)) && [[ $cur == -* ]]; then
    ${p}_options "$cmdpath"
    _describe -t options option reply
    return
  fi
  if ((npos == 0)); then
    ${p}_commands "$cmdpath"
    if ((\${#reply})); then
      _describe -t commands command reply
      return
    fi
  fi
  ${p}_arg "$cmdpath" "$npos"
  if [[ -z $REPLY ]]; then
    # Nothing positional here: offer the options instead.
    ${p}_options "$cmdpath"
    _describe -t options option reply
    return
  fi
  ${p}_values "$REPLY"
}

if [[ $funcstack[1] == ${fn} ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${spec.name}
fi
`;
}
