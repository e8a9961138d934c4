# bash completion for convarith(1): subcommands, options and their values, file names for files.
# Installed as share/bash-completion/completions/convarith; bash-completion loads it the first time convarith is
# completed. The options come from the program's own --help (so they follow the installed version), with the list
# below as a fallback when it cannot be run.

_convarith_static_options()
{
    local config='--preset --op --dims -i --input-size -k --kernel-size -s --stride -p --padding --pad-before
        --pad-after --padding-mode -d --dilation -a --output-padding --in-channels --out-channels --groups
        --ceil-mode --count-include-pad -h --help'
    local data='--input --kernel --bias --image --image-mode --image-size --fill --seed --kernel-fill --bias-fill'
    case $1 in
        shape) echo "$config --json --code" ;;
        compute) echo "$config $data --matrix --unfold --symbols --convention --grad --grad-output --grad-fill --explain
            --explain-limit --json --time-runs --code --mode --overlap" ;;
        export) echo "$config $data --format --out --fps --hold --no-loop --cell-px --steps --current --zip --view
            --compact --max-width --theme --colour-by --channels --focus-channel --symbols --convention --no-numbers --labels
            --caption --no-legend --no-equation --all-presets --compare-upsampling --compare-layers" ;;
        net) echo "-h --help --pytorch --keras --layers -i --input-size --dims --in-channels --mirror --json --code" ;;
        *) echo "$config --step --view --screenshot --frames --bench-frames --bench-change --zoom --image
            --image-mode --image-size --kernel-fill --fill --window --ui-scale --presentation --link --colour-by --network
            --network-layers --network-input --network-import --network-pin --network-layer --upsampling
            --upsampling-source --upsampling-dims --upsampling-layers --version" ;;
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

# The figures of the paper and the examples, from the --preset help line ("... figure of the paper or an example:
# fig1.1, fig1.2, ...").
_convarith_presets()
{
    local cmd=$1 presets=
    if type -P -- "$cmd" &>/dev/null || [[ -x $cmd ]]; then
        presets=$(DISPLAY= "$cmd" --help 2>/dev/null |
            sed -nE 's/.*--preset.*figure of the paper( or an example)?: *//p' | tr -d ',')
    fi
    [[ -n $presets ]] || presets='fig1.1 fig1.2 fig1.3 fig1.4 fig1.5 fig1.6 fig2.1 fig2.2 fig2.3 fig2.4 fig2.5 fig2.6
        fig2.7 fig4.1 fig4.2 fig4.3 fig4.4 fig4.5 fig4.6 fig4.7 fig5.1 depthwise pointwise causal1d k2s2 checkerboard'
    echo "$presets"
}

# The word being completed ($cur) as a comma-separated list of VALUES ("equivalent,sc" -> "equivalent,scatter").
_convarith_comma_list()
{
    local values=$1 done_part=
    [[ $cur == *,* ]] && done_part=${cur%,*},
    COMPREPLY=($(compgen -P "$done_part" -W "$values" -- "${cur##*,}"))
}

_convarith()
{
    local cur prev words cword split
    _init_completion -s || return

    local cmd=${words[0]} sub= i all_presets=
    [[ $cmd == "~"/* ]] && cmd=$HOME/${cmd#"~"/}
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            shape | compute | export | net) [[ -z $sub ]] && sub=${words[i]} ;;
            --all-presets) all_presets=1 ;;
        esac
    done

    case $prev in
        --op)
            if [[ $sub == compute ]]; then
                COMPREPLY=($(compgen -W 'conv maxpool avgpool transposed upsample pixel-shuffle max-unpool' -- "$cur"))
            else
                COMPREPLY=($(compgen -W 'conv maxpool avgpool transposed' -- "$cur"))
            fi
            return ;;
        --mode)
            COMPREPLY=($(compgen -W 'nearest bilinear' -- "$cur"))
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
            COMPREPLY=($(compgen -W 'gif png svg pdf tikz' -- "$cur"))
            return ;;
        --image-mode)
            COMPREPLY=($(compgen -W 'gray rgb' -- "$cur"))
            return ;;
        --code)
            COMPREPLY=($(compgen -W 'pytorch keras' -- "$cur"))
            return ;;
        --network)
            COMPREPLY=($(compgen -W 'encoder-decoder dilated transposed open' -- "$cur"))
            return ;;
        --upsampling-source)
            COMPREPLY=($(compgen -W 'constant ramp picture' -- "$cur"))
            return ;;
        --upsampling-dims)
            COMPREPLY=($(compgen -W '1 2' -- "$cur"))
            return ;;
        --upsampling-layers)
            COMPREPLY=($(compgen -W '1 2 3' -- "$cur"))
            return ;;
        --theme)
            COMPREPLY=($(compgen -W 'light dark' -- "$cur"))
            return ;;
        --colour-by)
            COMPREPLY=($(compgen -W 'role value' -- "$cur"))
            return ;;
        --channels)
            COMPREPLY=($(compgen -W 'auto all focus 3d' -- "$cur"))
            return ;;
        --fill)
            COMPREPLY=($(compgen -W 'ramp ones random' -- "$cur"))
            return ;;
        --bias-fill | --grad-fill)
            COMPREPLY=($(compgen -W 'ones ramp random' -- "$cur"))
            return ;;
        --convention)
            COMPREPLY=($(compgen -W 'correlation convolution' -- "$cur"))
            return ;;
        --kernel-fill)
            if [[ -n $sub ]]; then
                COMPREPLY=($(compgen -W 'ones fig1.1 identity box sobel_x sobel_y sharpen ramp random' -- "$cur"))
            else
                # The app's kernel presets (no generated ramp or random kernels).
                COMPREPLY=($(compgen -W 'ones fig1.1 identity box sobel_x sobel_y sharpen' -- "$cur"))
            fi
            return ;;
        --view)
            # Several views, comma-separated, or all; export also names the direct view of conv and pooling.
            if [[ $sub == export && $cur != *,* ]]; then
                COMPREPLY=($(compgen -W 'equivalent scatter associated all direct' -- "$cur"))
            else
                _convarith_comma_list 'equivalent scatter associated all'
            fi
            return ;;
        --input | --kernel | --bias | --grad-output)
            _filedir json
            return ;;
        --image)
            _filedir 'png|jpg|jpeg|bmp|gif'
            return ;;
        --pytorch | --keras | --network-import)
            _filedir py
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
            --step | --frames | --bench-frames | --fps | --hold | --cell-px | --max-width | --steps | --time-runs | --explain-limit | --zoom | \
            --image-size | --window | --ui-scale | --network-input | --network-pin | --network-layer)
            return ;;  # a number or a size: nothing to offer
        --layers | --network-layers)
            return ;;  # a spec of layers: nothing to offer
        -h | --help | --version)
            return ;;
    esac
    $split && return

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_convarith_options "$cmd" "$sub")" -- "$cur"))
        return
    fi
    [[ -z $sub ]] && COMPREPLY=($(compgen -W 'shape compute export net' -- "$cur"))
}
complete -F _convarith convarith

# ex: filetype=sh
