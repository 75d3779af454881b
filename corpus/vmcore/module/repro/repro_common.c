// SPDX-License-Identifier: GPL-2.0
/* llcrash.ko's copy of the corpus helpers (park, wait, truth lines) */
#include "../repro_common.c"
