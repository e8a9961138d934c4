# bash completion for convarith(1): subcommands, options and their values, file names for files.
# Installed as share/bash-completion/completions/convarith; bash-completion loads it the first time convarith is
# completed. The options come from the program's own --help (so they follow the installed version), with the list
# below as a fallback when it cannot be run.

_convarith_static_options()
{
    local config='--preset --op --dims -i --input-size -k --kernel-size -s --stride -p --padding --pad-before
        --pad-after --padding-mode -d --dilation -a --output-padding --in-channels --out-channels --groups
        --ceil-mode --count-include-pad -h --help'
    local data='--input --kernel --bias --fill --kernel-fill --seed'
    case $1 in
        shape) echo "$config --json" ;;
        compute) echo "$config $data --matrix --explain --json" ;;
        export) echo "$config $data --format --out --all-presets --steps --current --fps --hold --no-loop
            --cell-px --view --theme --labels --caption --no-numbers --no-legend --no-equation" ;;
        *) echo "$config --step --view --screenshot --frames --bench-frames --version" ;;
    esac
}

# The options of the app (no argument) or of a subcommand, from `convarith [SUBCOMMAND] --help`.
_convarith_options()
{
    local cmd=$1 sub=$2 opts=
    if type -P -- "$cmd" &>/dev/null || [[ -x $cmd ]]; then
        # CLI11 prints one option per line: "  -i,--input-size TEXT   Input size ...".
        opts=$(DISPLAY= "$cmd" $sub --help 2>/dev/null |
            sed -nE 's/^ +(--?[A-Za-z0-9][A-Za-z0-9-]*(,--?[A-Za-z0-9][A-Za-z0-9-]*)*).*/\1/p' | tr ',' ' ')
    fi
    [[ -n $opts ]] || opts=$(_convarith_static_options "$sub")
    echo "$opts"
}

# The figures of the paper, from the --preset help line ("... figure of the paper: fig1.1, fig1.2, ...").
_convarith_presets()
{
    local cmd=$1 presets=
    if type -P -- "$cmd" &>/dev/null || [[ -x $cmd ]]; then
        presets=$(DISPLAY= "$cmd" --help 2>/dev/null | sed -nE 's/.*--preset.*figure of the paper: *//p' | tr -d ',')
    fi
    [[ -n $presets ]] || presets='fig1.1 fig1.2 fig1.5 fig1.6 fig2.1 fig2.2 fig2.3 fig2.4 fig2.5 fig2.6 fig2.7
        fig4.1 fig4.2 fig4.3 fig4.4 fig4.5 fig4.6 fig4.7 fig5.1'
    echo "$presets"
}

_convarith()
{
    local cur prev words cword split
    _init_completion -s || return

    local cmd=${words[0]} sub= i all_presets=
    [[ $cmd == "~"/* ]] && cmd=$HOME/${cmd#"~"/}
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            shape | compute | export) [[ -z $sub ]] && sub=${words[i]} ;;
            --all-presets) all_presets=1 ;;
        esac
    done

    case $prev in
        --op)
            COMPREPLY=($(compgen -W 'conv maxpool avgpool transposed' -- "$cur"))
            return ;;
        --preset)
            COMPREPLY=($(compgen -W "$(_convarith_presets "$cmd")" -- "$cur"))
            return ;;
        --dims)
            COMPREPLY=($(compgen -W '1 2 3' -- "$cur"))
            return ;;
        --padding-mode)
            COMPREPLY=($(compgen -W 'zeros reflect replicate circular' -- "$cur"))
            return ;;
        --count-include-pad)
            COMPREPLY=($(compgen -W 'true false' -- "$cur"))
            return ;;
        --format)
            COMPREPLY=($(compgen -W 'gif png svg' -- "$cur"))
            return ;;
        --theme)
            COMPREPLY=($(compgen -W 'light dark' -- "$cur"))
            return ;;
        --fill)
            COMPREPLY=($(compgen -W 'ramp ones random' -- "$cur"))
            return ;;
        --kernel-fill)
            COMPREPLY=($(compgen -W 'ones fig1.1 identity box sobel_x sobel_y ramp random' -- "$cur"))
            return ;;
        --view)
            if [[ $sub == export ]]; then
                COMPREPLY=($(compgen -W 'equivalent scatter associated direct' -- "$cur"))
            else
                # The app takes several views, comma-separated, or all.
                local done_part=
                [[ $cur == *,* ]] && done_part=${cur%,*},
                COMPREPLY=($(compgen -P "$done_part" -W 'equivalent scatter associated all' -- "${cur##*,}"))
            fi
            return ;;
        --input | --kernel | --bias)
            _filedir json
            return ;;
        --out)
            if [[ -n $all_presets ]]; then
                _filedir -d
            else
                _filedir
            fi
            return ;;
        --screenshot)
            _filedir png
            return ;;
        -i | --input-size | -k | --kernel-size | -s | --stride | -p | --padding | --pad-before | --pad-after | \
            -d | --dilation | -a | --output-padding | --in-channels | --out-channels | --groups | --seed | \
            --step | --frames | --bench-frames | --fps | --hold | --cell-px | --steps)
            return ;;  # a number or a size: nothing to offer
        -h | --help | --version)
            return ;;
    esac
    $split && return

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_convarith_options "$cmd" "$sub")" -- "$cur"))
        return
    fi
    [[ -z $sub ]] && COMPREPLY=($(compgen -W 'shape compute export' -- "$cur"))
}
complete -F _convarith convarith

# ex: filetype=sh
