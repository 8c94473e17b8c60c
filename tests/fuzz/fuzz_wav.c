/* Fuzz target: cc_wav_read() (voice/wav.c), which reads a trainee's recorded
 * answer (`say answer.wav` in a take) through libsndfile and libsamplerate.
 *
 * cc_wav_read takes a path, so the input is put in one memfd kept for the
 * life of the process and read back through its /proc/self/fd/N name: no file
 * on disk, nothing left behind after a crash, and no file system work per
 * input beyond a truncate and a write.
 *
 * Checks what wav.h promises: a failed read leaves *out zeroed and says why,
 * naming the file; a good one has samples at the rate asked for (or the
 * file's when 0 is asked), and cc_pcm_free leaves the cc_pcm zeroed.
 *
 * The rate asked for is the recogniser's 16 kHz (voice/hear.c) for most
 * inputs; a hash bit of the input picks "keep the file's rate" for the rest,
 * so the path without the resampler is fuzzed too. libsndfile itself is not
 * instrumented (Debian's build), so coverage guidance sees only wav.c: the
 * seeds (corpus/wav/) are what reaches libsndfile's many formats. */
#define _GNU_SOURCE /* memfd_create */
#include "fuzz_common.h"

#include <sys/mman.h>
#include <unistd.h>

#include "wav.h"

static int memfd = -1;
static char memfd_path[64];

static int input_file(const uint8_t *data, size_t size)
{
    if (memfd < 0) {
        memfd = memfd_create("fuzz_wav", MFD_CLOEXEC);
        FUZZ_CHECK(memfd >= 0);
        snprintf(memfd_path, sizeof memfd_path, "/proc/self/fd/%d", memfd);
    }
    if (ftruncate(memfd, 0) != 0) return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t w = pwrite(memfd, data + done, size - done, (off_t)done);
        if (w <= 0) return -1;
        done += (size_t)w;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (input_file(data, size) != 0) return 0;
    int want = (fuzz_hash(data, size) & 7) == 0 ? 0 : 16000;
    cc_pcm pcm;
    memset(&pcm, 0x5A, sizeof pcm); /* cc_wav_read must set every field */
    char err[512];
    err[0] = '\0';
    int rc = cc_wav_read(memfd_path, want, &pcm, err, sizeof err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc != 0) {
        FUZZ_CHECK(pcm.samples == NULL && pcm.count == 0 && pcm.rate == 0);
        FUZZ_CHECK(err[0] != '\0' && strlen(err) < sizeof err);
        FUZZ_CHECK(strstr(err, memfd_path) != NULL);
    } else {
        FUZZ_CHECK(pcm.rate > 0);
        if (want) FUZZ_CHECK(pcm.rate == want);
        FUZZ_CHECK(pcm.count == 0 || pcm.samples != NULL);
        /* Every sample is read, so an instrumented build notices one past the end. */
        int64_t sum = 0;
        for (size_t i = 0; i < pcm.count; i++) sum += pcm.samples[i];
        FUZZ_CHECK(sum >= -32768 * (int64_t)pcm.count && sum <= 32767 * (int64_t)pcm.count);
    }
    cc_pcm_free(&pcm);
    FUZZ_CHECK(pcm.samples == NULL && pcm.count == 0 && pcm.rate == 0);
    /* A small error buffer is cut, never overrun. */
    if (rc != 0) {
        char small[8];
        cc_pcm p2;
        FUZZ_CHECK(cc_wav_read(memfd_path, want, &p2, small, sizeof small) == -1);
        FUZZ_CHECK(strlen(small) < sizeof small);
        cc_pcm_free(&p2);
    }
    return 0;
}
