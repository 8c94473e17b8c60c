#!/bin/sh
# Makes the sound files in assets/ (run once; the results are committed, small).
# Everything is synthesised by sox from numbers: no recorded or copyrighted audio.
# 16 kHz mono (the call's rate: app/mixer plays at CC_LIVE_OUT_RATE), Ogg Vorbis.
# -R -D: no random seed and no dither (sox dithers when it mixes), so running this
# again makes the same sound, sample for sample (the Ogg pages differ: a random serial).
#   ring.ogg          one North American ring cadence, 2 s of 440+480 Hz then 4 s of
#                     silence (6 s: the shipped standard's ring_seconds + ring_gap_seconds),
#                     so rings played back to back keep the cadence to the sample
#   hold-music.ogg    an 8 s loop: four strummed chords (C, A minor, F, G), 2 s each
#   ambience-office.ogg  8 s loop: ventilation rumble and a faint 100 Hz mains hum
#   ambience-train.ogg   8 s loop: rolling noise with the wheels' clatter twice a second
# Usage: tools/make-assets.sh [ASSETS_DIR]
set -eu
out=${1:-$(dirname "$0")/../assets}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
S="sox -R -D"
R="-r 16000 -c 1"

# Ring: two tones at -14 dBFS each, 5 ms edges so the ring does not click.
$S -n $R -b 16 "$tmp/ring.wav" synth 2 sine 440 sine 480 remix - gain -n -8 \
   fade h 0.005 2 0.005 pad 0 4
$S "$tmp/ring.wav" -C 0 "$out/ring.ogg"

# Hold music: each chord is six plucked strings strummed 40 ms apart.
i=0
for chord in "C3 E3 G3 C4 E4 G4" "A2 E3 A3 C4 E4 A4" "F2 C3 F3 A3 C4 F4" "G2 D3 G3 B3 D4 G4"; do
  set -- $chord
  $S -n $R -b 16 "$tmp/chord$i.wav" synth 2 pluck $1 pluck $2 pluck $3 pluck $4 pluck $5 pluck $6 \
     delay 0 .04 .08 .12 .16 .2 remix - fade h 0 2 0.3 gain -n -6
  i=$((i + 1))
done
$S "$tmp/chord0.wav" "$tmp/chord1.wav" "$tmp/chord2.wav" "$tmp/chord3.wav" "$tmp/hold.wav"
$S "$tmp/hold.wav" -C 2 "$out/hold-music.ogg"

# Office: brown noise below 500 Hz (air handling) with a faint hum, about -36 dBFS RMS.
$S -n $R -b 16 "$tmp/office-air.wav" synth 8 brownnoise lowpass 500 gain -n -22
$S -n $R -b 16 "$tmp/office-hum.wav" synth 8 sine 100 gain -n -42
$S -m "$tmp/office-air.wav" "$tmp/office-hum.wav" "$tmp/office.wav" fade h 0.05 8 0.05
$S "$tmp/office.wav" -C 0 "$out/ambience-office.ogg"

# Train: low rumble swelling twice a second (the rail joints) over pink hiss.
$S -n $R -b 16 "$tmp/rumble.wav" synth 8 brownnoise lowpass 300 tremolo 2 60 gain -n -18
$S -n $R -b 16 "$tmp/hiss.wav" synth 8 pinknoise highpass 1500 gain -n -34
$S -m "$tmp/rumble.wav" "$tmp/hiss.wav" "$tmp/train.wav" fade h 0.05 8 0.05
$S "$tmp/train.wav" -C 0 "$out/ambience-train.ogg"
