/** The fish completion script: `complete` rules guarded by the command path typed so far. */
import { everyCommand, PASS_THROUGH, type OptionSpec, type ProgramSpec, type Values } from './spec.js';
import { buildTables, funcPrefix, kindOf } from './tables.js';

/** fish single-quoted string. */
function fq(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

function valueArgs(v: Values, p: string): string {
  switch (v.type) {
    case 'none':
      return '';
    case 'any':
      return ' -x';
    case 'file':
      return ' -r -F';
    case 'dynamic':
      return ` -x -a ${fq(`(${p}_dynamic ${v.source})`)}`;
    case 'words': {
      const kind = kindOf(v);
      return kind === '@any' ? ' -x' : ` -x -a ${fq(kind)}`;
    }
  }
}

function optionRule(c: string, o: OptionSpec, p: string, condition: string | undefined): string {
  const flags = `${o.short ? ` -s ${o.short.slice(1)}` : ''}${o.long ? ` -l ${o.long.slice(2)}` : ''}`;
  const cond = condition ? ` -n ${fq(condition)}` : '';
  return `complete -c ${c}${cond}${flags}${valueArgs(o.values, p)} -d ${fq(o.description)}`;
}

export function fishScript(spec: ProgramSpec): string {
  const p = funcPrefix(spec.name);
  const c = spec.name;
  const t = buildTables(spec);
  const children = t.children.map((r) => `        case ${r.words.map((w) => fq(`${r.parent}|${w}`)).join(' ')}\n            echo ${fq(r.path)}`);
  const globals = t.globalOptArgs.map((g) => `        case ${g.flags.map(fq).join(' ')}\n            echo ${fq(g.kind)}\n            return`);
  const optargs = t.optArgs.map((o) => `        case ${o.flags.map((f) => fq(`${o.path}|${f}`)).join(' ')}\n            echo ${fq(o.kind)}`);

  const rules: string[] = [];
  rules.push(`# Options accepted everywhere`, ...spec.globals.map((o) => optionRule(c, o, p, undefined)));
  for (const cmd of everyCommand(spec)) {
    const at = (extra = '') => `${p}_at ${fq(cmd.path)}${extra}`;
    const lines: string[] = [];
    for (const child of cmd.commands) lines.push(`complete -c ${c} -n ${fq(at(' 0'))} -a ${fq(child.name)} -d ${fq(child.description)}`);
    for (const o of cmd.options) lines.push(optionRule(c, o, p, at()));
    cmd.args.forEach((a, i) => {
      const cond = fq(at(` ${i}${a.variadic ? ' more' : ''}`));
      if (a.values.type === 'file') lines.push(`complete -c ${c} -n ${cond} -F`);
      else if (a.values.type === 'dynamic') lines.push(`complete -c ${c} -n ${cond} -a ${fq(`(${p}_dynamic ${a.values.source})`)} -d ${fq(a.name)}`);
      else if (a.values.type === 'words') lines.push(`complete -c ${c} -n ${cond} -a ${fq(kindOf(a.values))}`);
    });
    if (lines.length) rules.push('', `# ${cmd.path === '' ? c : `${c} ${cmd.path}`}`, ...lines);
  }

  return `# fish completion for ${spec.name}
# Generated from the command tree by \`npm run completions\`; do not edit.
#
# Install for your user:
#   ${spec.name} completion fish > ~/.config/fish/completions/${spec.name}.fish
#
# App names and regions come from the API (\`${spec.name} __complete apps|regions\`, which
# gives up silently after 2 seconds), using the --profile, --api-url and --org on the line.

# Canonical path of subcommand $word under $cmdpath (aliases resolve); status 1 if none.
function ${p}_child --argument-names cmdpath word
    switch "$cmdpath|$word"
${children.join('\n')}
        case '*'
            return 1
    end
end

# Value kind of option $opt at $cmdpath: empty when it takes no value.
function ${p}_optarg --argument-names cmdpath opt
    switch "$opt"
${globals.join('\n')}
    end
    switch "$cmdpath|$opt"
${optargs.join('\n')}
    end
end

# Prints the command path, the number of positional arguments typed so far, and the
# pass-through options (${PASS_THROUGH.join(', ')}). Cached per command line.
function ${p}_state
    set -l tokens (commandline -opc)
    if test "$tokens" = "$${p}_cache_key"
        printf '%s\\n' $${p}_cache
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
            contains -- $pending ${PASS_THROUGH.join(' ')}; and set -a pass $pending $w
            set pending ''
            continue
        end
        if test $ended = 0; and string match -qr -- '^-.' $w
            if test "$w" = --
                set ended 1
            else if string match -q -- '--*=*' $w
                set -l kv (string split -m 1 = -- $w)
                contains -- $kv[1] ${PASS_THROUGH.join(' ')}; and set -a pass $kv
            else if set found (${p}_optarg $cmdpath $w); and test -n "$found"
                set pending $w
            end
            continue
        end
        if test $npos = 0; and set found (${p}_child $cmdpath $w)
            set cmdpath $found
        else
            set npos (math $npos + 1)
        end
    end
    set -g ${p}_cache_key "$tokens"
    set -g ${p}_cache $cmdpath $npos $pass
    printf '%s\\n' $${p}_cache
end

# True at command path $want; with $n, also when positional argument $n is next
# ("more": argument $n or any later one).
function ${p}_at --argument-names want n more
    set -l s (${p}_state)
    test "$s[1]" = "$want"; or return 1
    test -z "$n"; and return 0
    if test "$more" = more
        test $s[2] -ge $n
    else
        test $s[2] -eq $n
    end
end

# App names or regions from the API, for the account the command line names.
function ${p}_dynamic --argument-names source
    set -l s (${p}_state)
    set -l cmd (commandline -opc)[1]
    $cmd $s[3..-1] __complete $source 2>/dev/null
end

complete -c ${c} -f

${rules.join('\n')}
`;
}
