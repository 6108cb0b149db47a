/* The `dpnp` executable: blocks SIGTERM and SIGUSR1, then runs dpnp-main (built beside it) in its
 * place. A blocked signal stays pending across exec, so one that comes while the dynamic loader maps
 * and relocates LibTorch (a fraction of a second, more on a busy node, before any code of dpnp-main
 * can install a handler) waits until dpnp-main has its handlers (app/signals.cpp) instead of killing
 * the rank. Plain C with the C library only, so that this launcher itself starts in a millisecond. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  (void)argc;
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGUSR1);
  sigprocmask(SIG_BLOCK, &stop_signals, NULL);

  static const char kProgram[] = "dpnp-main";
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - sizeof(kProgram));
  path[n > 0 ? n : 0] = '\0';
  char* slash = strrchr(path, '/');
  strcpy(slash ? slash + 1 : path, kProgram);
  execv(path, argv);
  fprintf(stderr, "dpnp: error: cannot run %s (%s); it is built beside dpnp, in build/src/\n", path, strerror(errno));
  return 1;
}
