// Package keepalive holds the policies that decide how long an idle FaaS
// instance stays warm before the platform reclaims it.
//
// A Policy wraps one method, KeepAlive, asked each time an instance becomes
// idle. Fixed TTLs (AWS has been measured at 5-7 minutes in 2021, Azure at 20
// minutes), no keep-alive at all, and keeping instances forever are here;
// policies that learn per application also implement Observer to see every
// invocation, and Prewarmer to unload an idle instance and load one back
// just before the next invocation is due: Hybrid, the histogram policy of
// Shahrad et al. (ATC'20) that Azure Functions uses.
package keepalive
