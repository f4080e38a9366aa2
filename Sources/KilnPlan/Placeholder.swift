// KilnPlan: under construction in this session
