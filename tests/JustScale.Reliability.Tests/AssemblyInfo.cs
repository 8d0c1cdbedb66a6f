// The fixtures load the machine on purpose (hundreds of scrypt runs, a thousand connections): run them one at a time,
// so each one's timings and memory figures are its own. Other test assemblies still run beside this one.
[assembly: NonParallelizable]
