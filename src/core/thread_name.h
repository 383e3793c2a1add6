#pragma once
// Names the calling thread (as top -H, perf and gdb show it): berth runs a dozen threads of a few
// kinds, and a profile or a stack dump is read by their names.

#include <pthread.h>

namespace berth {

// `name` is at most 15 characters (the kernel's limit); longer names are cut by the caller's care.
inline void NameThisThread(const char* name) { pthread_setname_np(pthread_self(), name); }

}  // namespace berth
