// Fixtures use their own databases; they run side by side.
[assembly: Parallelizable(ParallelScope.Fixtures)]
