# One number per line in; the numbers, their mean and sample sd out (on one line with ONE_LINE=1).
{ v[NR] = $1; s += $1; if (one_line) printf " %.3f", $1; else printf "  %.3f\n", $1 }
END {
  for (i in v) d += (v[i] - s / NR) ^ 2
  printf "%smean %.3f  sd %.3f\n", one_line ? "   " : "  ", s / NR, sqrt(d / (NR - 1))
}
