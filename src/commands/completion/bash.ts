/** The bash completion script (also the data functions the zsh script reuses). */
import { everyCommand, flagsOf, PASS_THROUGH, type ProgramSpec } from './spec.js';
import { buildTables, funcPrefix, type Tables } from './tables.js';

/** POSIX single-quoted word. */
export function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The lookup functions shared by bash and zsh (same `case` syntax): each sets REPLY.
 *   <p>_child PATH WORD    canonical path of subcommand WORD under PATH, or status 1
 *   <p>_optarg PATH FLAG   value kind of option FLAG at PATH ('' when it takes none)
 *   <p>_arg PATH N         value kind of positional argument N (from 0) at PATH
 */
export function lookupFunctions(p: string, t: Tables): string {
  const child = t.children.map((c) => `    ${c.words.map((w) => sq(`${c.parent}|${w}`)).join('|')}) REPLY=${sq(c.path)} ;;`);
  const globals = t.globalOptArgs.map((g) => `    ${g.flags.map(sq).join('|')}) REPLY=${sq(g.kind)}; return 0 ;;`);
  const optargs = t.optArgs.map((o) => `    ${o.flags.map((f) => sq(`${o.path}|${f}`)).join('|')}) REPLY=${sq(o.kind)} ;;`);
  const args = t.args.map((a) => `    ${sq(`${a.path}|`)}${a.variadic ? '*' : String(a.index)}) REPLY=${sq(a.kind)} ;;`);
  return `# Canonical path of subcommand $2 under command path $1 (aliases resolve); status 1 if none.
${p}_child() {
  case "$1|$2" in
${child.join('\n')}
    *) return 1 ;;
  esac
}

# Value kind of option $2 at command path $1: '' (takes no value), @any, @file, @apps,
# @regions, or a space-separated list of words.
${p}_optarg() {
  case "$2" in
${globals.join('\n')}
  esac
  case "$1|$2" in
${optargs.join('\n')}
    *) REPLY='' ;;
  esac
}

# Value kind of positional argument $2 (counted from 0) at command path $1.
${p}_arg() {
  case "$1|$2" in
${args.join('\n')}
    *) REPLY='' ;;
  esac
}
`;
}

/**
 * The word loop shared by bash and zsh: walks the words before the cursor and sets
 * cmdpath (canonical command path), npos (positional arguments seen), pending (an option
 * still waiting for its value), ended (after `--`) and pass (pass-through options).
 */
export function walkLoop(p: string, wordExpr: string, from: number, to: string, skipEquals: boolean): string {
  return `  for ((i = ${from}; i < ${to}; i++)); do
    w=${wordExpr}
    if [[ -n $pending ]]; then${skipEquals ? `\n      [[ $w == = ]] && continue # bash splits --opt=value at '='` : ''}
      ${p}_keep "$pending" "$w"
      pending=''
      continue
    fi
    if ((!ended)) && [[ $w == -?* ]]; then
      if [[ $w == -- ]]; then
        ended=1
      elif [[ $w == --*=* ]]; then
        ${p}_keep "\${w%%=*}" "\${w#*=}"
      else
        ${p}_optarg "$cmdpath" "$w"
        [[ -n $REPLY ]] && pending=$w
      fi
      continue
    fi
    if ((npos == 0)) && ${p}_child "$cmdpath" "$w"; then
      cmdpath=$REPLY
    else
      npos+=1
    fi
  done`;
}

export function keepFunction(p: string): string {
  return `# Remembers ${PASS_THROUGH.join(', ')} so app and region lookups use the same account.
${p}_keep() {
  case "$1" in
    ${PASS_THROUGH.map(sq).join('|')}) pass+=("$1" "$2") ;;
  esac
}
`;
}

export function bashScript(spec: ProgramSpec): string {
  const p = funcPrefix(spec.name);
  const t = buildTables(spec);
  const globalFlags = spec.globals.flatMap(flagsOf).join(' ');
  const commands = everyCommand(spec)
    .filter((c) => c.commands.length > 0)
    .map((c) => `    ${sq(c.path)}) REPLY=${sq(c.commands.map((x) => x.name).join(' '))} ;;`);
  const options = everyCommand(spec)
    .filter((c) => c.options.length > 0)
    .map((c) => `    ${sq(c.path)}) REPLY+=${sq(` ${c.options.flatMap(flagsOf).join(' ')}`)} ;;`);
  return `# bash completion for ${spec.name}
# Generated from the command tree by \`npm run completions\`; do not edit.
#
# Install for your user:
#   ${spec.name} completion bash > ~/.local/share/bash-completion/completions/${spec.name}
# or load it from ~/.bashrc:
#   source <(${spec.name} completion bash)
#
# App names and regions come from the API (\`${spec.name} __complete apps|regions\`, which
# gives up silently after 2 seconds), using the --profile, --api-url and --org on the line.

${lookupFunctions(p, t)}
# Subcommands of command path $1.
${p}_commands() {
  case "$1" in
${commands.join('\n')}
    *) REPLY='' ;;
  esac
}

# Options accepted at command path $1.
${p}_options() {
  REPLY=${sq(globalFlags)}
  case "$1" in
${options.join('\n')}
  esac
}

${keepFunction(p)}
# Sets COMPREPLY to the values of kind $1 that start with $2, each prefixed with $3.
${p}_values() {
  local IFS=$'\\n' kind=$1 cur=$2 prefix=$3
  case "$kind" in
    '' | @any) COMPREPLY=() ;;
    @file)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      ;;
    @*) COMPREPLY=($(compgen -W "$("\${COMP_WORDS[0]}" \${pass[@]+"\${pass[@]}"} __complete "\${kind#@}" 2>/dev/null)" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -W "\${kind// /$'\\n'}" -- "$cur")) ;;
  esac
  if [[ -n $prefix ]]; then COMPREPLY=("\${COMPREPLY[@]/#/$prefix}"); fi
}

_${p.slice(2)}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} cmdpath='' pending='' prefix='' w REPLY
  local -i i npos=0 ended=0
  local -a pass=()
  COMPREPLY=()
${walkLoop(p, '${COMP_WORDS[i]}', 1, 'COMP_CWORD', true)}
  if [[ -z $pending && $cur == --*=* ]] && ((!ended)); then
    # '=' is not a word break here: complete after it and keep the flag in the word.
    pending=\${cur%%=*} prefix=\${cur%%=*}= cur=\${cur#*=}
  elif [[ -n $pending && $cur == = ]]; then
    cur=''
  fi
  if [[ -n $pending ]]; then
    ${p}_optarg "$cmdpath" "$pending"
    ${p}_values "$REPLY" "$cur" "$prefix"
    return 0
  fi
  if ((!ended)) && [[ $cur == -* ]]; then
    ${p}_options "$cmdpath"
    ${p}_values "$REPLY" "$cur" ''
    return 0
  fi
  if ((npos == 0)); then
    ${p}_commands "$cmdpath"
    if [[ -n $REPLY ]]; then
      ${p}_values "$REPLY" "$cur" ''
      return 0
    fi
  fi
  ${p}_arg "$cmdpath" "$npos"
  if [[ -z $REPLY ]]; then
    # Nothing positional here: offer the options instead.
    ${p}_options "$cmdpath"
  fi
  ${p}_values "$REPLY" "$cur" ''
}

complete -F _${p.slice(2)} ${spec.name}
`;
}
