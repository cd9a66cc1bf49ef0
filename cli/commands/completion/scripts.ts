import { fishTable, shTable, tables } from './tables.js';
import type { CompletionNode } from './tree.js';

/**
 * The walk every shell does over the words before the cursor: flags (and the value of those that
 * take one) are skipped, a word naming a subcommand moves `at` down the tree, any other word is an
 * argument. `--api <url>` is kept so usernames come from the API being typed at.
 */
const SH_WALK = `    case "$w" in
      --api=*) api="\${w#--api=}"; continue ;;
      -*) _friender_valued "$at" "$w" && skip="$w"; continue ;;
    esac
    if ((operands == 0)) && _friender_sub "$at" "$w"; then at="$REPLY"; else operands=$((operands + 1)); fi`;

const SH_SKIP = `    if [[ -n $skip ]]; then
      [[ $skip == --api ]] && api="$w"
      skip=''
      continue
    fi`;

function bash(nodes: CompletionNode[]): string {
  return `# friender completion for bash, generated from its commands by \`friender completion bash\`.
# Load it in ~/.bashrc:  source <(friender completion bash)
${tables(nodes).map(shTable).join('\n')}
_friender_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" at='' operands=0 skip='' api='' w REPLY line words
  COMPREPLY=()
  # Split the line ourselves: COMP_WORDS would cut --api http://host:3000 at every colon.
  line="\${COMP_LINE:0:COMP_POINT}"
  read -r -a words <<<"$line"
  [[ $line == *[[:space:]] ]] || unset "words[\${#words[@]}-1]"
  for w in "\${words[@]:1}"; do
${SH_SKIP}
${SH_WALK}
  done
  if [[ -n $skip ]]; then
    [[ $skip == --input ]] && { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); }
    return 0
  fi
  if [[ $cur == -* ]]; then
    _friender_flags "$at"
    COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
    return 0
  fi
  _friender_subs "$at"
  if [[ -n $REPLY ]]; then
    ((operands == 0)) && COMPREPLY=($(compgen -W "$REPLY" -- "$cur"))
    return 0
  fi
  _friender_arg "$at" "$operands"
  case "$REPLY" in
    candidates|matches|reports) COMPREPLY=($(compgen -W "$(friender \${api:+"--api=$api"} __complete "$REPLY" 2>/dev/null)" -- "$cur")) ;;
    files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
    choices:*) COMPREPLY=($(compgen -W "\${REPLY#choices:}" -- "$cur")) ;;
  esac
  return 0
}
complete -F _friender_complete friender
`;
}

function zsh(nodes: CompletionNode[]): string {
  return `#compdef friender
# friender completion for zsh, generated from its commands by \`friender completion zsh\`.
# Load it in ~/.zshrc after compinit:  source <(friender completion zsh)
# (or save it as _friender in a folder of your $fpath).
${tables(nodes).map(shTable).join('\n')}
_friender_complete() {
  local at='' operands=0 skip='' api='' w REPLY i
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
${SH_SKIP}
${SH_WALK}
  done
  if [[ -n $skip ]]; then
    [[ $skip == --input ]] && _files
    return 0
  fi
  if [[ $PREFIX == -* ]]; then
    _friender_flags "$at"
    compadd -- \${=REPLY}
    return 0
  fi
  _friender_subs "$at"
  if [[ -n $REPLY ]]; then
    ((operands == 0)) && compadd -- \${=REPLY}
    return 0
  fi
  _friender_arg "$at" "$operands"
  case "$REPLY" in
    candidates|matches|reports) compadd -- \${(f)"$(friender \${api:+"--api=$api"} __complete "$REPLY" 2>/dev/null)"} ;;
    files) _files ;;
    choices:*) compadd -- \${=\${REPLY#choices:}} ;;
  esac
  return 0
}
compdef _friender_complete friender
# Autoloaded from $fpath, this file is the function's body: complete now.
if [[ \${funcstack[1]} == _friender ]]; then _friender_complete "$@"; fi
`;
}

function fish(nodes: CompletionNode[]): string {
  return `# friender completion for fish, generated from its commands by \`friender completion fish\`.
# Load it:  friender completion fish > ~/.config/fish/completions/friender.fish
${tables(nodes).map(fishTable).join('\n')}
function __friender_complete
    set -l words (commandline -opc)
    set -e words[1]
    set -l cur (commandline -ct)
    set -l at ''
    set -l operands 0
    set -l skip ''
    set -l api ''
    set -l next
    for w in $words
        if test -n "$skip"
            test "$skip" = --api; and set api $w
            set skip ''
            continue
        end
        switch $w
            case '--api=*'
                set api (string replace -- --api= '' $w)
                continue
            case '-*'
                __friender_valued "$at" $w; and set skip $w
                continue
        end
        if test $operands -eq 0; and set next (__friender_sub "$at" $w)
            set at $next
        else
            set operands (math $operands + 1)
        end
    end
    if test -n "$skip"
        test "$skip" = --input; and __fish_complete_path "$cur"
        return 0
    end
    if string match -q -- '-*' "$cur"
        __friender_flags "$at"
        return 0
    end
    set -l subs (__friender_subs "$at")
    if test (count $subs) -gt 0
        test $operands -eq 0; and printf '%s\\n' $subs
        return 0
    end
    set -l kind (__friender_arg "$at" $operands)
    switch $kind
        case candidates matches reports
            set -l api_flag
            test -n "$api"; and set api_flag --api $api
            friender $api_flag __complete $kind 2>/dev/null
        case files
            __fish_complete_path "$cur"
        case 'choices:*'
            string split ' ' -- (string replace -- choices: '' $kind)
    end
end
complete -c friender -f -a '(__friender_complete)'
`;
}

export const SHELLS = { bash, zsh, fish } as const;
export type Shell = keyof typeof SHELLS;
