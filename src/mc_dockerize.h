/* mc_dockerize: `dockerize [options] [command]` (multicall's entry). */
#ifndef MC_DOCKERIZE_H
#define MC_DOCKERIZE_H
/* dockerize's main: its exit code. */
int mc_dockerize(int argc, char **argv);
#endif
